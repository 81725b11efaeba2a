#include "hub/hub.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/forget_named_ballots.hpp"
#include "core/join_code.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "core/replay.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "hub/replies.hpp"
#include "hub/secrets.hpp"
#include "huddle/protocol/server_message.hpp"

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
      code_guesses_(options_.wrong_codes_per_minute / 60.0, options_.wrong_codes_burst) {}

void Hub::handle(const std::shared_ptr<Client>& client, protocol::Request request) {
  metrics_.messages_in.fetch_add(1, std::memory_order_relaxed);
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

  auto bound_session = binding.session.lock();
  const bool bound = bound_session != nullptr;
  auto refuse_if_bound = [&] {
    if (bound) reply_error(*client, metrics_, id, ErrorCode::already_in_session, "This connection already belongs to a session.");
    return bound;
  };
  auto session_or_refuse = [&](const std::string& code) -> std::shared_ptr<SessionHost> {
    // Every wrong code from an address uses up its allowance. Once it is gone, no code is looked up, right
    // or wrong, so the answers cannot tell a guesser when a guess was right.
    const auto now = TokenBucket::Clock::now();
    if (code_guesses_.exhausted(client->remote_address(), now)) {
      reply_error(*client, metrics_, id, ErrorCode::rate_limited,
                  "Too many wrong session codes from your network. Wait a minute, then check the code with your facilitator.");
      return nullptr;
    }
    auto session = find(code);
    if (session) return session;
    code_guesses_.take(client->remote_address(), now);
    reply_error(*client, metrics_, id, ErrorCode::session_not_found,
                "No session has the code '" + code.substr(0, 12) + "'. Check the code with your facilitator.");
    return nullptr;
  };

  std::visit(core::overloaded{
                 [&](const protocol::SessionCreate& r) {
                   if (!refuse_if_bound()) create(client, id, r.scenario);
                 },
                 [&](const protocol::PodCreate& r) {
                   if (!refuse_if_bound()) create_pod(client, id, r);
                 },
                 [&](const protocol::FacilitatorAttach& r) {
                   if (refuse_if_bound()) return;
                   if (auto s = session_or_refuse(r.code)) s->attach_facilitator(client, id, r.facilitator_key);
                 },
                 [&](const protocol::Join& r) {
                   if (refuse_if_bound()) return;
                   if (auto s = session_or_refuse(r.code)) s->join(client, id, r.name);
                 },
                 [&](const protocol::Resume& r) {
                   if (refuse_if_bound()) return;
                   if (auto s = session_or_refuse(r.code)) s->resume(client, id, r.resume_token);
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
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= options_.max_sessions) {
    reply_error(*client, metrics_, id, ErrorCode::unavailable, "This server is hosting as many sessions as it can.");
    return nullptr;
  }
  // An ended session keeps its code (and journal) until retention deletes it: that code is not free either.
  std::string code;
  do {
    code = core::make_join_code(random_u64());
  } while (sessions_.contains(code) || journal_.contains(code));
  auto created = core::create_session(code, sha256_hex(key), scenario, max_participants, clock_());
  if (auto ec = journal_.append(code, {created})) {
    spdlog::error("session {}: could not journal its creation: {}", code, ec.message());
    reply_error(*client, metrics_, id, ErrorCode::unavailable, "The server could not save the new session. Try again.");
    return nullptr;
  }
  core::SessionState state;
  core::apply(state, created);
  auto session = std::make_shared<SessionHost>(executor_, std::move(state), journal_, journal_threads_.get_executor(), metrics_, clock_);
  host(code, session);
  spdlog::info("{} {} created from scenario '{}'", scenario->mode == "pod" ? "pod" : "session", code, scenario->id);
  return session;
}

void Hub::host(const std::string& code, std::shared_ptr<SessionHost> session) {
  // Called with mutex_ held. The hub outlives every session it hosts (see drop_sessions), so `this` is safe.
  session->on_deleted([this](const std::string& gone) { forget(gone); });
  sessions_.emplace(code, std::move(session));
  metrics_.sessions_active.fetch_add(1, std::memory_order_relaxed);
}

void Hub::forget(const std::string& code) {
  std::lock_guard lock(mutex_);
  if (sessions_.erase(code)) metrics_.sessions_active.fetch_sub(1, std::memory_order_relaxed);
}

std::size_t Hub::purge_ended(core::Millis keep) {
  std::size_t purged = 0;
  const core::Millis now = clock_();
  for (const auto& code : journal_.sessions()) {
    core::SessionState state;
    try {
      state = core::replay(journal_.read(code));
    } catch (const std::exception& e) {
      spdlog::error("session {}: cannot read its journal to check retention: {}", code, e.what());
      continue;
    }
    if (state.status != core::SessionStatus::ended || now - state.ended_at < keep) continue;
    if (auto ec = journal_.remove(code)) {
      spdlog::error("session {}: retention could not delete it: {}", code, ec.message());
      continue;
    }
    forget(code);
    ++purged;
  }
  return purged;
}

std::shared_ptr<SessionHost> Hub::find(const std::string& typed_code) {
  auto code = core::normalize_join_code(typed_code);
  if (!code) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(*code);
  return it == sessions_.end() ? nullptr : it->second;
}

void Hub::disconnected(const std::shared_ptr<Client>& client) {
  if (auto session = client->binding().session.lock()) session->detach(client);
}

void Hub::drop_sessions() {
  // A write's completion is posted to its session's strand: let them all land while the io_context exists.
  journal_threads_.join();
  std::lock_guard lock(mutex_);
  metrics_.sessions_active.fetch_sub(static_cast<std::int64_t>(sessions_.size()), std::memory_order_relaxed);
  sessions_.clear();
}

std::size_t Hub::recover() {
  std::size_t restored = 0;
  for (const auto& code : journal_.sessions()) {
    // A poll made anonymous just before a crash may still have its named ballot events stored: forget them
    // now (poll.hpp). A failure here leaves them, and the replay below is the same either way.
    if (auto ec = journal_.rewrite(code, core::forget_named_ballots)) {
      spdlog::error("session {}: could not delete the named ballots of a poll made anonymous: {}", code, ec.message());
    }
    core::SessionState state;
    try {
      state = core::replay(journal_.read(code));
    } catch (const std::exception& e) {
      throw std::runtime_error("session " + code + ": " + e.what());
    }
    if (!state.scenario) continue;  // no events at all: not a session
    if (state.status == core::SessionStatus::ended) continue;  // kept for reports, not hosted
    auto session = std::make_shared<SessionHost>(executor_, std::move(state), journal_, journal_threads_.get_executor(), metrics_, clock_);
    session->resume_timers();
    std::lock_guard lock(mutex_);
    host(code, std::move(session));
    ++restored;
  }
  return restored;
}

void Hub::report(const std::string& typed_code, const std::string& facilitator_key, ReportDone done) {
  if (auto live = find(typed_code)) {
    live->report(facilitator_key, std::move(done));
    return;
  }
  // Not hosted: an ended session (kept for its report), or none at all.
  auto code = core::normalize_join_code(typed_code);
  core::SessionState state;
  if (code) {
    try {
      state = core::replay(journal_.read(*code));
    } catch (const std::exception& e) {
      spdlog::error("session {}: cannot read its journal for a report: {}", *code, e.what());
      done(500, {{"error", "The session's journal cannot be read."}});
      return;
    }
  }
  if (!state.scenario) {
    done(404, {{"error", "No session has that code."}});
    return;
  }
  if (!constant_time_equal(sha256_hex(facilitator_key), state.facilitator_key_hash)) {
    done(403, {{"error", "That facilitator key does not open this session."}});
    return;
  }
  done(200, core::session_report(state, clock_()));
}

std::size_t Hub::session_count() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace huddle::hub
