#include "hub/hub.hpp"

#include <algorithm>
#include <future>
#include <stdexcept>

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include "core/forget_named_ballots.hpp"
#include "core/join_code.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "core/replay.hpp"
#include "core/replayer.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "hub/programme_desk.hpp"
#include "hub/projector_code.hpp"
#include "hub/replies.hpp"
#include "hub/secrets.hpp"
#include "huddle/protocol/server_message.hpp"
#include "store/event_json.hpp"

namespace huddle::hub {

using protocol::ErrorCode;

namespace {
// Bytes of randomness in a facilitator key (256 bits).
constexpr std::size_t facilitator_key_bytes = 32;
}  // namespace

Hub::Hub(boost::asio::any_io_executor executor, scenario::ScenarioCatalog& catalog, store::Journal& journal,
         Metrics& metrics, Clock clock, HubOptions options)
    : executor_(std::move(executor)),
      catalog_(catalog),
      journal_(journal),
      metrics_(metrics),
      clock_(std::move(clock)),
      options_(std::move(options)),
      code_guesses_({options_.wrong_codes_per_minute / 60.0, options_.wrong_codes_burst},
                    {2 * options_.wrong_codes_per_minute / 60.0, 2 * options_.wrong_codes_burst}, options_.grouping),
      creations_({options_.creations_per_minute / 60.0, options_.creations_per_minute},
                 {2 * options_.creations_per_minute / 60.0, 2 * options_.creations_per_minute}, options_.grouping),
      joins_({options_.joins_per_minute / 60.0, options_.join_burst},
             {2 * options_.joins_per_minute / 60.0, 2 * options_.join_burst}, options_.grouping) {}

void Hub::handle(const std::shared_ptr<Client>& client, protocol::Request request, std::string text) {
  metrics_.messages_in.fetch_add(1, std::memory_order_relaxed);
  dispatch(client, std::move(request), std::move(text), true);
}

void Hub::dispatch(const std::shared_ptr<Client>& client, protocol::Request request, std::string text, bool may_route) {
  ClientBinding& binding = client->binding();
  const auto& id = request.id;

  if (auto* hello = std::get_if<protocol::Hello>(&request.body)) {
    if (hello->protocol != protocol::protocol_version) {
      reply_error(*client, metrics_, id, ErrorCode::unsupported_protocol,
                  "This server speaks protocol version " + std::to_string(protocol::protocol_version) + ".");
      return;
    }
    binding.said_hello = true;
    reply_ack(*client, id,
              {{"protocol", protocol::protocol_version},
               {"server", options_.server_name},
               {"serverTime", clock_()},
               {"limits", {{"maxMessageBytes", options_.max_message_bytes}, {"maxNameLength", core::max_name_code_points}}}});
    return;
  }
  if (!binding.said_hello) {
    reply_error(*client, metrics_, id, ErrorCode::hello_required, "Send 'hello' first.");
    return;
  }

  // An edge's connection whose session runs on another node: everything goes there (hub/cluster.hpp).
  if (cluster_ && !text.empty() && !binding.via_edge) {
    if (auto owner = cluster_->forwarded_to(*client)) {
      cluster_->forward(client, *owner, std::move(text));
      return;
    }
  }

  auto bound_session = binding.session.lock();
  const bool bound = bound_session != nullptr;
  // In a cluster, a code this node does not host may be run by another node, or by nobody since its node
  // went: find out off this thread, then handle the request again. Only after the local checks a guesser
  // must pass anyway, so a flood of made-up codes costs the cluster nothing once its allowance is gone.
  auto routed_elsewhere = [&](const std::string& typed_code) {
    if (cluster_ && binding.via_edge && !bound && !find(typed_code)) {
      // An edge sent this here because this node ran the session; it no longer does (handed over just
      // now). Closing makes the client reconnect and its edge ask Redis again, rather than tell someone
      // with a good token that it is wrong.
      client->close(1012, "this session moved to another server; reconnecting");
      return true;
    }
    if (!may_route || !cluster_ || binding.via_edge || bound || text.empty()) return false;
    auto code = core::normalize_join_code(typed_code);
    if (!code || find(*code)) return false;
    if (code_guesses_.exhausted(client->remote_address(), TokenBucket::Clock::now())) return false;
    route(client, std::move(request), std::move(text), *code,
          std::chrono::steady_clock::now() + cluster_->lease_duration() + std::chrono::seconds(1));
    return true;
  };
  auto refuse_if_bound = [&] {
    if (bound) reply_error(*client, metrics_, id, ErrorCode::already_in_session, "This connection already belongs to a session.");
    return bound;
  };
  // Every miss from an address (a code that opens no session; a key or token that does not open it) uses up
  // its allowance. Once it is gone, nothing is looked up, right or wrong, so the answers cannot tell a
  // guesser when a guess was right.
  auto guessing_blocked = [&] {
    if (!code_guesses_.exhausted(client->remote_address(), TokenBucket::Clock::now())) return false;
    reply_error(*client, metrics_, id, ErrorCode::rate_limited,
                "Too many wrong session codes or keys from your network. Wait a minute, then check the code with your facilitator.");
    return true;
  };
  // attach and resume: a code that opens no session is answered exactly as a wrong key or token, after the
  // same work (a hash and a hop through an executor), so neither the answer nor its timing says which.
  auto open_with_secret = [&](const std::string& code, const std::string& secret, const char* what, auto&& open) {
    if (routed_elsewhere(code) || refuse_if_bound() || guessing_blocked()) return;
    SessionHost::Missed miss = [this, client, id, what] { missed(client, id, what); };
    auto session = find(code);
    if (!session) {
      (void)sha256_hex(secret);
      boost::asio::post(executor_, std::move(miss));
      return;
    }
    open(session, std::move(miss));
  };

  std::visit(core::overloaded{
                 [&](const protocol::SessionCreate& r) {
                   if (!refuse_if_bound() && may_create(client, id)) create(client, id, r.scenario);
                 },
                 [&](const protocol::PodCreate& r) {
                   if (!refuse_if_bound() && may_create(client, id)) create_pod(client, id, r);
                 },
                 [&](const protocol::FacilitatorAttach& r) {
                   open_with_secret(r.code, r.facilitator_key, "facilitator key", [&](const auto& s, SessionHost::Missed miss) {
                     s->attach_facilitator(client, id, r.facilitator_key, std::move(miss));
                   });
                 },
                 [&](const protocol::ProjectorAttach& r) {
                   open_with_secret(r.code, r.projector_code, "projector code", [&](const auto& s, SessionHost::Missed miss) {
                     s->attach_projector(client, id, r.projector_code, std::move(miss));
                   });
                 },
                 [&](const protocol::Join& r) {
                   if (routed_elsewhere(r.code) || refuse_if_bound() || guessing_blocked()) return;
                   // Charged before the code is looked up, so this answer says nothing about the code.
                   if (!joins_.take(client->remote_address(), TokenBucket::Clock::now())) {
                     reply_error(*client, metrics_, id, ErrorCode::rate_limited,
                                 "Too many people have joined from your network in the last minute. Please wait a "
                                 "minute and try again.");
                     return;
                   }
                   if (!r.member.empty()) return join_member(client, id, r);
                   if (auto s = find(r.code)) return s->join(client, id, r.name);
                   code_guesses_.take(client->remote_address(), TokenBucket::Clock::now());
                   reply_error(*client, metrics_, id, ErrorCode::session_not_found,
                               "No session has the code '" + r.code.substr(0, 12) + "'. Check the code with your facilitator.");
                 },
                 [&](const protocol::Resume& r) {
                   open_with_secret(r.code, r.resume_token, "resume token", [&](const auto& s, SessionHost::Missed miss) {
                     s->resume(client, id, r.resume_token, std::move(miss));
                   });
                 },
                 [&](const auto&) {
                   if (!bound) {
                     reply_error(*client, metrics_, id, ErrorCode::not_in_session,
                                 "Join a session first (or attach as its facilitator).");
                     return;
                   }
                   bound_session->handle(client, std::move(request));
                 },
             },
             request.body);
}

void Hub::join_member(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const protocol::Join& r) {
  auto session = find(r.code);
  if (!session || !programmes_) {
    // Answered as a token that does not open the session, after a hop, as open_with_secret does.
    boost::asio::post(executor_, [this, client, id] { missed(client, id, "member link"); });
    return;
  }
  programmes_->seat(session->code(), r.member, [this, client, id, session](std::optional<MemberSeat> seat) {
    if (!seat) return missed(client, id, "member link");
    session->join_member(client, id, seat->name, seat->resume_token,
                         [desk = programmes_, seat = *seat] { desk->attended(seat); });
  });
}

void Hub::create(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const std::string& scenario_id) {
  auto scenario = catalog_.find(scenario_id);
  if (!scenario) {
    reply_error(*client, metrics_, id, ErrorCode::scenario_not_found,
                "No scenario has the id '" + scenario_id.substr(0, 64) + "'.");
    return;
  }
  const std::string key = random_token(facilitator_key_bytes);
  if (auto session = open_session(client, id, scenario, key, options_.max_participants)) {
    session->attach_creator(client, id, key);
  }
}

void Hub::create_pod(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const protocol::PodCreate& r) {
  auto scenario = catalog_.find(r.scenario);
  if (!scenario) {
    reply_error(*client, metrics_, id, ErrorCode::scenario_not_found, "No scenario has the id '" + r.scenario.substr(0, 64) + "'.");
    return;
  }
  if (scenario->mode != "pod") {
    reply_error(*client, metrics_, id, ErrorCode::invalid_field,
                "'" + scenario->id + "' is run by a facilitator, not by a pod; choose a pod scenario.");
    return;
  }
  // The key is drawn and thrown away: a pod has no facilitator, and nobody can attach as one.
  const std::string unusable_key = random_token(facilitator_key_bytes);
  if (auto session = open_session(client, id, scenario, unusable_key, std::min(options_.max_participants, core::max_pod_members))) {
    session->join(client, id, r.name, {{"code", session->code()}});
  }
}

std::shared_ptr<SessionHost> Hub::open_session(const std::shared_ptr<Client>& client, const protocol::RequestId& id,
                                               const std::shared_ptr<const core::Scenario>& scenario,
                                               const std::string& key, std::size_t max_participants) {
  auto opened = open_session_for(client->remote_address(), scenario, key, max_participants);
  if (auto* no = std::get_if<core::Rejection>(&opened)) {
    reply_error(*client, metrics_, id, no->code, no->message);
    return nullptr;
  }
  return std::get<std::shared_ptr<SessionHost>>(opened);
}

std::variant<std::shared_ptr<SessionHost>, core::Rejection> Hub::open_session_for(
    const std::string& creator, const std::shared_ptr<const core::Scenario>& scenario, const std::string& key,
    std::size_t max_participants) {
  std::lock_guard lock(mutex_);
  const auto live = static_cast<std::size_t>(
      std::count_if(sessions_.begin(), sessions_.end(), [](const auto& entry) { return entry.second->live(); }));
  if (live >= options_.max_sessions) {
    return core::Rejection{ErrorCode::unavailable, "This server is hosting as many sessions as it can."};
  }
  // An ended session keeps its code (and journal) until retention deletes it: that code is not free either.
  // In a cluster the code is also leased to this node before anything is stored under it, so two nodes
  // never start sessions under one code, and the lease's token fences every write of the session.
  std::string code;
  for (int tries = 0;; ++tries) {
    code = core::make_join_code(random_u64());
    try {
      if (sessions_.contains(code) || journal_.contains(code)) continue;
    } catch (const std::exception& e) {
      spdlog::error("session creation: {}", e.what());
      return core::Rejection{ErrorCode::unavailable, "The server could not save the new session. Try again."};
    }
    if (!cluster_) break;
    if (auto token = cluster_->take_lease(code)) {
      if (!journal_.claim(code, *token)) break;
      cluster_->release_lease(code);
    }
    if (tries >= 8) {
      spdlog::error("session creation: no lease could be taken on a new code (is Redis reachable?)");
      return core::Rejection{ErrorCode::unavailable, "The server could not start a new session. Try again."};
    }
  }
  // A pod has no facilitator, so nobody could ever ask for its projector code: it gets none.
  const std::string projector_hash = scenario->mode == "pod" ? std::string() : projector_code_hash(projector_code(key, code));
  auto created = core::create_session(code, sha256_hex(key), scenario, max_participants, clock_(), projector_hash);
  if (auto ec = journal_.append(code, {created})) {
    spdlog::error("session {}: could not journal its creation: {}", code, ec.message());
    if (cluster_) cluster_->release_lease(code);
    return core::Rejection{ErrorCode::unavailable, "The server could not save the new session. Try again."};
  }
  core::SessionState state;
  core::apply(state, created);
  const StorageUse used{1, store::event_to_json(created).dump().size()};
  auto session = std::make_shared<SessionHost>(executor_, std::move(state), journal_, journal_threads_.get_executor(),
                                               metrics_, clock_, options_.storage, used);
  host(code, session, creator);
  spdlog::info("{} {} created from scenario '{}'", scenario->mode == "pod" ? "pod" : "session", code, scenario->id);
  return session;
}

bool Hub::may_create(const std::shared_ptr<Client>& client, const protocol::RequestId& id) {
  auto refused = may_create_from(client->remote_address());
  if (refused) reply_error(*client, metrics_, id, refused->code, refused->message);
  return !refused;
}

std::optional<core::Rejection> Hub::may_create_from(const std::string& address) {
  if (address.empty()) return std::nullopt;
  const std::string group = options_.grouping.group_of(address);
  std::size_t mine = 0, my_network = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [code, creator] : creators_) {
      auto session = sessions_.find(code);
      if (session == sessions_.end() || !session->second->live()) continue;
      if (creator == address) ++mine;
      if (options_.grouping.group_of(creator) == group) ++my_network;
    }
  }
  if (mine >= options_.max_sessions_per_address || my_network >= 2 * options_.max_sessions_per_address) {
    return core::Rejection{ErrorCode::rate_limited,
                "Your network already runs " + std::to_string(mine >= options_.max_sessions_per_address ? mine : my_network) +
                    " live sessions, as many as it may. End one of them first."};
  }
  if (!creations_.take(address, TokenBucket::Clock::now())) {
    return core::Rejection{ErrorCode::rate_limited,
                "Too many new sessions from your network: at most " + std::to_string(static_cast<int>(options_.creations_per_minute)) +
                    " a minute. Wait a minute and try again."};
  }
  return std::nullopt;
}

std::variant<std::string, core::Rejection> Hub::start_session(const std::string& scenario_id, const std::string& key,
                                                              const std::string& address) {
  auto scenario = catalog_.find(scenario_id);
  if (!scenario) return core::Rejection{ErrorCode::scenario_not_found, "No scenario has the id '" + scenario_id.substr(0, 64) + "'."};
  if (auto refused = may_create_from(address)) return *refused;
  const std::size_t most = scenario->mode == "pod" ? std::min(options_.max_participants, core::max_pod_members) : options_.max_participants;
  auto opened = open_session_for(address, scenario, key, most);
  if (auto* no = std::get_if<core::Rejection>(&opened)) return *no;
  return std::get<std::shared_ptr<SessionHost>>(opened)->code();
}

bool Hub::guessing_blocked(const std::string& address) {
  return code_guesses_.exhausted(address, TokenBucket::Clock::now());
}

void Hub::charge_miss(const std::string& address) { code_guesses_.take(address, TokenBucket::Clock::now()); }

bool Hub::take_join(const std::string& address) { return joins_.take(address, TokenBucket::Clock::now()); }

bool Hub::take_creation(const std::string& address) { return creations_.take(address, TokenBucket::Clock::now()); }

void Hub::missed(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const std::string& what) {
  code_guesses_.take(client->remote_address(), TokenBucket::Clock::now());
  reply_error(*client, metrics_, id, ErrorCode::token_invalid,
              "That code and " + what + " do not open a session." +
                  (what == "resume token"      ? " Join again with your name."
                   : what == "projector code" ? " Check both with the facilitator's console."
                                              : " Check both, or start a new session."));
}

void Hub::host(const std::string& code, std::shared_ptr<SessionHost> session, const std::string& creator) {
  // Called with mutex_ held. The hub outlives every session it hosts (see drop_sessions), so `this` is safe.
  session->on_forget([this](const std::string& gone, bool kept) { forget(gone, kept); });
  sessions_.emplace(code, std::move(session));
  if (!creator.empty()) creators_.emplace(code, creator);
  metrics_.sessions_active.fetch_add(1, std::memory_order_relaxed);
}

void Hub::forget(const std::string& code, bool kept) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(code);
  if (it == sessions_.end()) return;
  if (kept) ended_keys_[code] = it->second->key_hash();
  sessions_.erase(it);
  creators_.erase(code);
  metrics_.sessions_active.fetch_sub(1, std::memory_order_relaxed);
}

void Hub::start() {
  sweep_timer_ = std::make_unique<boost::asio::steady_timer>(executor_);
  schedule_sweep();
}

void Hub::schedule_sweep() {
  sweep_timer_->expires_after(std::chrono::milliseconds(options_.sweep_interval_ms));
  sweep_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    sweep();
    schedule_sweep();
  });
}

void Hub::sweep() {
  std::vector<std::shared_ptr<SessionHost>> hosted;
  {
    std::lock_guard lock(mutex_);
    hosted.reserve(sessions_.size());
    for (const auto& [code, session] : sessions_) hosted.push_back(session);
  }
  for (const auto& session : hosted) session->sweep(options_.abandoned_after_ms, options_.idle_after_ms);
}

std::size_t Hub::purge_ended(core::Millis keep) {
  std::size_t purged = 0;
  const core::Millis now = clock_();
  for (const auto& code : journal_.sessions()) {
    core::SessionState state;
    try {
      StorageUse used;
      state = load(code, used);
    } catch (const std::exception& e) {
      spdlog::error("session {}: cannot read its journal to check retention: {}", code, e.what());
      continue;
    }
    if (state.status != core::SessionStatus::ended || now - state.ended_at < keep) continue;
    if (auto ec = journal_.remove(code)) {
      spdlog::error("session {}: retention could not delete it: {}", code, ec.message());
      continue;
    }
    forget(code, false);
    {
      std::lock_guard lock(mutex_);
      ended_keys_.erase(code);
    }
    ++purged;
  }
  return purged;
}

std::error_code Hub::delete_session(const std::string& code) {
  std::shared_ptr<SessionHost> hosted;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(code); it != sessions_.end()) hosted = it->second;
  }
  if (hosted) {
    std::promise<bool> erased;
    auto outcome = erased.get_future();
    hosted->erase([&erased](bool ok) { erased.set_value(ok); });
    if (!outcome.get()) return std::make_error_code(std::errc::io_error);
  } else if (auto ec = journal_.remove(code)) {
    return ec;
  }
  std::lock_guard lock(mutex_);
  ended_keys_.erase(code);
  return {};
}

core::SessionState Hub::rebuild(const std::string& code, StorageUse& used) {
  // A poll made anonymous just before a crash (or before its node went) may still have its named ballot
  // events stored: forget them now (poll.hpp). A failure here leaves them, and the replay is the same.
  if (auto ec = journal_.rewrite(code, core::forget_named_ballots)) {
    spdlog::error("session {}: could not delete the named ballots of a poll made anonymous: {}", code, ec.message());
  }
  return load(code, used);
}

core::SessionState Hub::load(const std::string& code, StorageUse& used) {
  core::Replayer replayer;
  journal_.for_each(code, [&](core::Event&& event, std::size_t bytes) {
    replayer.add(event);
    ++used.events;
    used.bytes += bytes;
  });
  return std::move(replayer.state());
}

std::shared_ptr<SessionHost> Hub::find(const std::string& typed_code) {
  auto code = core::normalize_join_code(typed_code);
  if (!code) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(*code);
  return it == sessions_.end() ? nullptr : it->second;
}

void Hub::disconnected(const std::shared_ptr<Client>& client) {
  if (cluster_) cluster_->forward_close(client);
  if (auto session = client->binding().session.lock()) session->detach(client);
}

void Hub::route(const std::shared_ptr<Client>& client, protocol::Request request, std::string text, std::string code,
                std::chrono::steady_clock::time_point give_up) {
  boost::asio::post(journal_threads_, [this, client, request = std::move(request), text = std::move(text),
                                       code = std::move(code), give_up]() mutable {
    auto again = [&] {
      boost::asio::post(executor_, [this, client, request = std::move(request), text = std::move(text)]() mutable {
        dispatch(client, std::move(request), std::move(text), false);
      });
    };
    auto owner = cluster_->owner(code);
    if (!owner) {
      reply_error(*client, metrics_, request.id, ErrorCode::unavailable,
                  "The server cannot reach the rest of its cluster just now. Try again in a moment.");
      return;
    }
    if (owner->empty()) {
      // Nobody runs it: its node went (or it ended, or it never was). Take it over if the journal has it.
      // A code the journal does not know is answered here as on a single node, and charged as a guess.
      bool stored = false;
      try {
        stored = journal_.contains(code);
      } catch (const std::exception& e) {
        spdlog::error("session {}: cannot ask the journal for it: {}", code, e.what());
        reply_error(*client, metrics_, request.id, ErrorCode::unavailable,
                    "The server cannot reach its storage just now. Try again in a moment.");
        return;
      }
      if (stored) {
        if (auto token = cluster_->take_lease(code)) {
          if (!adopt(code, *token)) cluster_->release_lease(code);
        } else {
          owner = cluster_->owner(code);  // another node took it meanwhile: serve from there
        }
      }
    }
    // Its node died and its lease has not expired yet; or this node holds the lease of a session it no
    // longer hosts, for the moment between handing it over and giving the lease up: ask again shortly.
    const bool in_between = owner && !owner->empty() &&
                            (*owner == cluster_->node_id() || cluster_->alive(*owner) == false);
    if (in_between) {
      if (std::chrono::steady_clock::now() < give_up) {
        auto timer = std::make_shared<boost::asio::steady_timer>(executor_, std::chrono::milliseconds(100));
        timer->async_wait([this, timer, client, request = std::move(request), text = std::move(text),
                           code = std::move(code), give_up](boost::system::error_code ec) mutable {
          if (!ec) route(client, std::move(request), std::move(text), std::move(code), give_up);
        });
        return;
      }
      reply_error(*client, metrics_, request.id, ErrorCode::unavailable,
                  "This session is moving to another server. Try again in a moment.");
      return;
    }
    if (owner && !owner->empty() && *owner != cluster_->node_id()) {
      cluster_->forward(client, *owner, std::move(text));
      return;
    }
    again();
  });
}

bool Hub::adopt(const std::string& code, std::uint64_t token) {
  if (auto ec = journal_.claim(code, token)) {
    spdlog::warn("session {}: the journal refused this node's lease token {}: {}", code, token, ec.message());
    return false;
  }
  core::SessionState state;
  StorageUse used;
  try {
    state = rebuild(code, used);
  } catch (const std::exception& e) {
    spdlog::error("session {}: cannot rebuild it from the journal: {}", code, e.what());
    return false;
  }
  if (!state.scenario || state.status == core::SessionStatus::ended) return false;
  auto session = std::make_shared<SessionHost>(executor_, std::move(state), journal_, journal_threads_.get_executor(),
                                               metrics_, clock_, options_.storage, used);
  // Its clients are reconnecting right now; the usual grace before an empty session counts as abandoned.
  session->set_empty_since(clock_());
  session->resume_timers();
  std::lock_guard lock(mutex_);
  if (sessions_.contains(code)) return true;
  host(code, std::move(session), "");
  spdlog::info("session {}: taken over by node {} (lease token {})", code, cluster_->node_id(), token);
  return true;
}

void Hub::hand_over(const std::string& code, std::function<void()> done) {
  std::shared_ptr<SessionHost> session;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(code); it != sessions_.end()) session = it->second;
  }
  if (!session) {
    if (done) done();
    return;
  }
  session->hand_over(std::move(done));
}

bool Hub::retake(const std::string& code) {
  auto token = cluster_ ? cluster_->take_lease(code) : std::nullopt;
  if (!token) return false;
  if (auto ec = journal_.claim(code, *token)) {
    spdlog::warn("session {}: the journal refused lease token {} taken again: {}", code, *token, ec.message());
    cluster_->release_lease(code);
    return false;
  }
  spdlog::info("session {}: its lease vanished from Redis; taken again (token {})", code, *token);
  return true;
}

void Hub::count_connections(const std::string& code, std::size_t at_most, SessionHost::ConnectionCounts done) {
  std::shared_ptr<SessionHost> session;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(code); it != sessions_.end()) session = it->second;
  }
  if (session) session->count_connections(at_most, std::move(done));
}

std::vector<std::string> Hub::hosted_codes() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> codes;
  codes.reserve(sessions_.size());
  for (const auto& [code, session] : sessions_) codes.push_back(code);
  return codes;
}

void Hub::drop_sessions() {
  // A write's completion is posted to its session's strand: let them all land while the io_context exists.
  journal_threads_.join();
  sweep_timer_.reset();
  std::lock_guard lock(mutex_);
  metrics_.sessions_active.fetch_sub(static_cast<std::int64_t>(sessions_.size()), std::memory_order_relaxed);
  sessions_.clear();
}

std::size_t Hub::recover() {
  std::size_t restored = 0;
  for (const auto& code : journal_.sessions()) {
    core::SessionState state;
    StorageUse used;
    try {
      state = rebuild(code, used);
    } catch (const std::exception& e) {
      throw std::runtime_error("session " + code + ": " + e.what());
    }
    if (!state.scenario) continue;  // no events at all: not a session
    if (state.status == core::SessionStatus::ended) {  // kept for reports, not hosted
      std::lock_guard lock(mutex_);
      ended_keys_[code] = state.facilitator_key_hash;
      continue;
    }
    // Nobody is connected after a restart. A session nobody ever joined (or a pod) counts as empty since it
    // was created, so one abandoned before the restart does not come back as live for another half hour;
    // but its console gets a moment to reconnect first.
    const core::Millis now = clock_();
    core::Millis empty_since = now;
    if (state.participants.empty() || state.scenario->mode == "pod") {
      empty_since = std::clamp(state.created_at, now - options_.abandoned_after_ms + options_.reconnect_grace_ms, now);
    }
    auto session = std::make_shared<SessionHost>(executor_, std::move(state), journal_, journal_threads_.get_executor(),
                                                 metrics_, clock_, options_.storage, used);
    session->set_empty_since(empty_since);
    session->resume_timers();
    std::lock_guard lock(mutex_);
    host(code, std::move(session), "");
    ++restored;
  }
  return restored;
}

void Hub::report(const std::string& typed_code, const std::string& facilitator_key, const std::string& address, ReportDone done) {
  if (code_guesses_.exhausted(address, TokenBucket::Clock::now())) {
    done(429, {{"error", "Too many wrong session codes or keys from your network. Wait a minute and try again."}});
    return;
  }
  SessionHost::Missed miss = [this, address, done] {
    code_guesses_.take(address, TokenBucket::Clock::now());
    done(404, {{"error", "No session report opens with that code and key."}});
  };
  if (auto live = find(typed_code)) {
    live->report(facilitator_key, done, std::move(miss));
    return;
  }
  // Not hosted: an ended session (kept for its report), or none at all. The key is checked against the
  // hash kept in memory before anything is read from disk, so a guess costs no disk read and takes as long
  // for a code that exists as for one that does not.
  auto code = core::normalize_join_code(typed_code);
  std::string key_hash;
  {
    std::lock_guard lock(mutex_);
    if (auto it = code ? ended_keys_.find(*code) : ended_keys_.end(); it != ended_keys_.end()) key_hash = it->second;
  }
  core::SessionState state;
  auto read = [&] {
    try {
      StorageUse used;
      state = load(*code, used);
      return true;
    } catch (const std::exception& e) {
      spdlog::error("session {}: cannot read its journal for a report: {}", *code, e.what());
      done(500, {{"error", "The session's journal cannot be read."}});
      return false;
    }
  };
  // In a cluster the session may run on another node, or have ended there: the shared journal has it (the
  // guess allowance above still limits what a guesser can make this read).
  const bool cluster_read = key_hash.empty() && cluster_ && code;
  if (cluster_read) {
    if (!read()) return;
    if (state.scenario) key_hash = state.facilitator_key_hash;
  }
  const std::string typed_hash = sha256_hex(facilitator_key);
  const bool opens = constant_time_equal(typed_hash, key_hash.empty() ? std::string(typed_hash.size(), '-') : key_hash);
  if (!opens || key_hash.empty()) return miss();
  if (!cluster_read && !read()) return;
  if (!state.scenario) return miss();
  done(200, core::session_report(state, clock_()));
}

std::size_t Hub::session_count() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace huddle::hub
