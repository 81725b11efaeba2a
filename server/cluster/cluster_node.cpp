#include "cluster/cluster_node.hpp"

#include <stdexcept>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "cluster/edge_batch.hpp"
#include "huddle/protocol/request_parser.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::cluster {

namespace {

// Takes the lease if it is free and draws the next fencing token in the same step, so no other node can
// take it in between and tokens follow the order leases were taken in. A token is Redis's clock in
// microseconds, or one more than the last token if that is larger: it grows with every lease taken, and
// keeps growing after Redis restarts empty (Redis keeps no files here), where a plain counter would start
// again from 1 below the tokens the journal already holds and fence every node out.
constexpr std::string_view take_script =
    "if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end "
    "local t = redis.call('TIME') "
    "local token = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
    "local last = tonumber(redis.call('GET', KEYS[2]) or '0') "
    "if token <= last then token = last + 1 end "
    "redis.call('SET', KEYS[2], string.format('%.0f', token)) "
    "return token";
// Renews a lease only if this node still holds it: after a pause longer than the lease another node may
// hold it, and must keep it (0). A lease that is gone altogether (2: Redis restarted empty, or it expired
// while Redis was out of reach) may be taken again.
constexpr std::string_view renew_script =
    "local holder = redis.call('GET', KEYS[1]) "
    "if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
    "if not holder then return 2 end return 0";
constexpr std::string_view release_script =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

std::string lease_key(const std::string& code) { return "huddle:lease:" + code; }
std::string fence_key(const std::string& code) { return "huddle:fence:" + code; }
std::string node_key(const std::string& node) { return "huddle:node:" + node; }
std::string inbox_key(const std::string& node) { return "huddle:in:" + node; }
std::string channel(const std::string& node) { return "huddle:out:" + node; }

// The stream of a node that died keeps what was sent to it until this long after the last write: requests
// must not sit in Redis (a card's text among them) once nobody will read them.
constexpr int stale_inbox_leases = 3;
// A session of at most this many connections moves to the node most of them come through (keeper_loop).
constexpr std::size_t follow_crowd_limit = 200;
// Requests read from the stream at once.
constexpr std::string_view inbox_batch = "500";

std::vector<std::string_view> view(const std::vector<std::string>& args) {
  return {args.begin(), args.end()};
}

}  // namespace

ClusterNode::ClusterNode(ClusterOptions options, hub::Hub& hub, hub::Metrics& metrics)
    : options_(std::move(options)),
      hub_(hub),
      metrics_(metrics),
      commands_(options_.redis_host, options_.redis_port, options_.timeout),
      sender_(options_.redis_host, options_.redis_port, options_.timeout),
      // XREAD blocks for a second: the read timeout must outlast it.
      inbox_(options_.redis_host, options_.redis_port, options_.timeout + std::chrono::milliseconds(1000)),
      // Heartbeats arrive every third of a lease: two leases of silence mean the connection is gone.
      subscriber_(options_.redis_host, options_.redis_port, 2 * options_.lease),
      keeper_(options_.redis_host, options_.redis_port, options_.timeout) {}

ClusterNode::~ClusterNode() { stop(); }

void ClusterNode::start() {
  {
    std::lock_guard lock(commands_mutex_);
    auto pong = commands_.command({"PING"});
    if (!pong || pong->is_error()) {
      throw std::runtime_error("cannot reach Redis at " + options_.redis_host + ":" + std::to_string(options_.redis_port));
    }
  }
  keep_alive(keeper_);
  threads_.emplace_back([this] { send_loop(); });
  threads_.emplace_back([this] { inbox_loop(); });
  threads_.emplace_back([this] { subscriber_loop(); });
  threads_.emplace_back([this] { keeper_loop(); });
  spdlog::info("cluster: node {} joined through Redis {}:{} (leases of {} ms)", options_.node_id, options_.redis_host,
               options_.redis_port, options_.lease.count());
}

void ClusterNode::stop() {
  if (stopping_.exchange(true)) return;
  wake_sender();
  {
    std::lock_guard lock(keeper_mutex_);
    keeper_wake_.notify_all();
  }
  inbox_.interrupt();
  subscriber_.interrupt();
  for (auto& t : threads_) t.join();
  threads_.clear();
  // A node that stops says so at once, rather than leaving edges to wait for its liveness key to expire.
  std::lock_guard lock(commands_mutex_);
  commands_.command({"DEL", node_key(options_.node_id)});
}

void ClusterNode::drain(std::function<void()> done) {
  draining_ = true;
  const auto codes = hub_.hosted_codes();
  spdlog::info("cluster: node {} draining: handing over {} session(s)", options_.node_id, codes.size());
  if (codes.empty()) return done();
  auto left = std::make_shared<std::atomic<std::size_t>>(codes.size());
  auto finished = std::make_shared<std::function<void()>>(std::move(done));
  for (const auto& code : codes) {
    hub_.hand_over(code, [this, code, left, finished] {
      release_lease(code);
      if (left->fetch_sub(1) == 1) (*finished)();
    });
  }
}

std::optional<std::uint64_t> ClusterNode::take_lease(const std::string& code) {
  if (draining_) return std::nullopt;
  const std::string ttl = std::to_string(options_.lease.count());
  std::lock_guard lock(commands_mutex_);
  auto r = commands_.command({"EVAL", take_script, "2", lease_key(code), fence_key(code), options_.node_id, ttl});
  if (!r) metrics_.redis_failures.fetch_add(1, std::memory_order_relaxed);
  if (!r || r->kind != RedisReply::Kind::integer || r->integer <= 0) return std::nullopt;
  metrics_.leases_taken.fetch_add(1, std::memory_order_relaxed);
  spdlog::info("cluster: node {} took the lease on session {} (token {})", options_.node_id, code, r->integer);
  return static_cast<std::uint64_t>(r->integer);
}

std::optional<std::string> ClusterNode::owner(const std::string& code) {
  std::lock_guard lock(commands_mutex_);
  auto r = commands_.command({"GET", lease_key(code)});
  if (!r) metrics_.redis_failures.fetch_add(1, std::memory_order_relaxed);
  if (!r || r->is_error()) return std::nullopt;
  return r->is_nil() ? std::string() : r->text;
}

std::optional<bool> ClusterNode::alive(const std::string& node) {
  std::lock_guard lock(commands_mutex_);
  auto r = commands_.command({"EXISTS", node_key(node)});
  if (!r || r->kind != RedisReply::Kind::integer) return std::nullopt;
  return r->integer == 1;
}

void ClusterNode::release_lease(const std::string& code) {
  metrics_.leases_given_up.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(commands_mutex_);
  commands_.command({"EVAL", release_script, "1", lease_key(code), options_.node_id});
}

void ClusterNode::wake_sender() {
  {
    std::lock_guard lock(send_mutex_);
    send_pending_ = true;
  }
  send_wake_.notify_one();
}

void ClusterNode::forward(const std::shared_ptr<hub::Client>& client, const std::string& owner, std::string text) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(edge_mutex_);
    auto [it, fresh] = ids_.emplace(client.get(), 0);
    if (fresh) {
      it->second = next_connection_.fetch_add(1);
      metrics_.forwarded_connections.fetch_add(1, std::memory_order_relaxed);
    }
    id = it->second;
    forwarded_[id] = {client, owner};
  }
  const std::string stream = inbox_key(owner);
  {
    std::lock_guard lock(send_mutex_);
    outgoing_.push_back({"XADD", stream, "*", "e", options_.node_id, "c", std::to_string(id), "a",
                         client->remote_address(), "k", "r", "t", std::move(text)});
    outgoing_.push_back({"PEXPIRE", stream, std::to_string(stale_inbox_leases * options_.lease.count())});
    send_pending_ = true;
  }
  metrics_.requests_forwarded.fetch_add(1, std::memory_order_relaxed);
  send_wake_.notify_one();
}

std::optional<std::string> ClusterNode::forwarded_to(const hub::Client& client) {
  std::lock_guard lock(edge_mutex_);
  auto id = ids_.find(&client);
  if (id == ids_.end()) return std::nullopt;
  auto f = forwarded_.find(id->second);
  if (f == forwarded_.end()) return std::nullopt;
  return f->second.owner;
}

void ClusterNode::forward_close(const std::shared_ptr<hub::Client>& client) {
  std::uint64_t id = 0;
  std::string owner;
  {
    std::lock_guard lock(edge_mutex_);
    auto it = ids_.find(client.get());
    if (it == ids_.end()) return;
    id = it->second;
    ids_.erase(it);
    metrics_.forwarded_connections.fetch_sub(1, std::memory_order_relaxed);
    auto f = forwarded_.find(id);
    if (f != forwarded_.end()) {
      owner = f->second.owner;
      forwarded_.erase(f);
    }
  }
  if (owner.empty()) return;
  {
    std::lock_guard lock(send_mutex_);
    outgoing_.push_back({"XADD", inbox_key(owner), "*", "e", options_.node_id, "c", std::to_string(id), "k", "x"});
    send_pending_ = true;
  }
  send_wake_.notify_one();
}

void ClusterNode::send_loop() {
  for (;;) {
    std::vector<std::vector<std::string>> commands;
    bool last = false;
    {
      std::unique_lock lock(send_mutex_);
      send_wake_.wait(lock, [this] { return send_pending_ || stopping_; });
      send_pending_ = false;
      commands.swap(outgoing_);
      last = stopping_;
    }
    // Whatever the sessions made meanwhile, one batch per edge.
    std::vector<std::shared_ptr<EdgeLink>> links;
    {
      std::lock_guard lock(remote_mutex_);
      for (const auto& [edge, link] : links_) links.push_back(link);
    }
    for (const auto& link : links) {
      std::string batch = link->take_batch();
      if (batch.empty()) continue;
      metrics_.batches_published.fetch_add(1, std::memory_order_relaxed);
      metrics_.bytes_published.fetch_add(batch.size(), std::memory_order_relaxed);
      commands.push_back({"PUBLISH", channel(link->edge()), std::move(batch)});
    }
    if (!commands.empty()) {
      std::vector<std::vector<std::string_view>> views;
      views.reserve(commands.size());
      for (const auto& c : commands) views.push_back(view(c));
      if (!sender_.pipeline(views)) {
        metrics_.redis_failures.fetch_add(1, std::memory_order_relaxed);
        spdlog::warn("cluster: Redis did not take {} message(s) between nodes; the connections they were for will "
                     "reconnect", commands.size());
      }
    }
    if (last) return;
  }
}

void ClusterNode::inbox_loop() {
  const std::string key = inbox_key(options_.node_id);
  std::string last = "$";  // only what arrives from now on: an older stream of this id is a previous life's
  while (!stopping_) {
    auto r = inbox_.command({"XREAD", "COUNT", inbox_batch, "BLOCK", "1000", "STREAMS", key, last});
    if (!r || r->is_error()) {
      metrics_.redis_failures.fetch_add(1, std::memory_order_relaxed);
      std::unique_lock lock(keeper_mutex_);
      keeper_wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_.load(); });
      continue;
    }
    if (r->kind != RedisReply::Kind::array || r->elements.empty()) continue;  // nothing within the second
    std::vector<std::string> handled{"XDEL", key};
    for (const auto& stream : r->elements) {
      if (stream.elements.size() != 2) continue;
      for (const auto& entry : stream.elements[1].elements) {
        if (entry.elements.size() != 2) continue;
        last = entry.elements[0].text;
        handled.push_back(last);
        received(entry.elements[1].elements);
      }
    }
    // Deleted once read: requests (card texts among them) do not stay in Redis.
    if (handled.size() > 2) inbox_.command(view(handled));
  }
}

void ClusterNode::received(const std::vector<RedisReply>& fields) {
  std::string_view edge, connection, address, kind, text;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    const std::string& name = fields[i].text;
    const std::string& value = fields[i + 1].text;
    if (name == "e") edge = value;
    else if (name == "c") connection = value;
    else if (name == "a") address = value;
    else if (name == "k") kind = value;
    else if (name == "t") text = value;
  }
  if (edge.empty() || connection.empty()) return;
  const std::string key = std::string(edge) + "/" + std::string(connection);
  if (kind == "x") {
    std::shared_ptr<RemoteClient> gone;
    {
      std::lock_guard lock(remote_mutex_);
      if (auto it = remotes_.find(key); it != remotes_.end()) {
        gone = std::move(it->second);
        remotes_.erase(it);
      }
    }
    if (gone) {
      metrics_.edge_connections.fetch_sub(1, std::memory_order_relaxed);
      gone->sync();
      hub_.disconnected(gone);
    }
    return;
  }
  metrics_.requests_from_edges.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<RemoteClient> client;
  {
    std::lock_guard lock(remote_mutex_);
    auto& slot = remotes_[key];
    if (!slot) {
      auto& link = links_[std::string(edge)];
      if (!link) link = std::make_shared<EdgeLink>(std::string(edge), [this] { wake_sender(); });
      slot = std::make_shared<RemoteClient>(link, std::stoull(std::string(connection)), std::string(address));
      metrics_.edge_connections.fetch_add(1, std::memory_order_relaxed);
    }
    client = slot;
  }
  auto parsed = protocol::parse_request(text);
  if (auto* error = std::get_if<protocol::ParseError>(&parsed)) {
    client->send_reply(protocol::make_error(error->id, error->code, error->message));
    return;
  }
  client->sync();
  hub_.handle(client, std::get<protocol::Request>(std::move(parsed)), std::string(text));
}

void ClusterNode::subscriber_loop() {
  const std::string mine = channel(options_.node_id);
  while (!stopping_) {
    auto subscribed = subscriber_.command({"SUBSCRIBE", mine});
    if (subscribed && !subscribed->is_error()) {
      while (!stopping_) {
        auto message = subscriber_.next_push();
        if (!message) break;
        if (message->kind == RedisReply::Kind::array && message->elements.size() == 3 &&
            message->elements[0].text == "message") {
          deliver(message->elements[2].text);
        }
      }
    }
    if (stopping_) return;
    // Frames may have been missed while the channel was down: the connections served from other nodes
    // reconnect and take fresh snapshots rather than go on from a state they may not have.
    close_forwarded("");
    std::unique_lock lock(keeper_mutex_);
    keeper_wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_.load(); });
  }
}

void ClusterNode::deliver(std::string_view batch) {
  struct Action {
    const EdgeRecord* record;
    std::vector<std::shared_ptr<hub::Client>> clients;
  };
  std::vector<EdgeRecord> records;
  if (!read_edge_batch(batch, [&](const EdgeRecord& r) { records.push_back(r); })) {
    spdlog::error("cluster: a malformed batch from another node was dropped");
  }
  std::vector<Action> actions;
  actions.reserve(records.size());
  {
    std::lock_guard lock(edge_mutex_);
    for (const auto& r : records) {
      Action a{&r, {}};
      a.clients.reserve(r.connections.size());
      for (auto id : r.connections) {
        auto it = forwarded_.find(id);
        if (it == forwarded_.end()) continue;
        if (auto c = it->second.client.lock()) a.clients.push_back(std::move(c));
      }
      actions.push_back(std::move(a));
    }
  }
  for (const auto& a : actions) {
    if (a.clients.empty()) continue;
    const EdgeRecord& r = *a.record;
    switch (r.kind) {
      case EdgeRecord::Kind::reply: a.clients.front()->send_reply(std::string(r.text)); break;
      case EdgeRecord::Kind::close: a.clients.front()->close(r.close_code, std::string(r.text)); break;
      case EdgeRecord::Kind::push: {
        // One frame for every connection here, as on a single node.
        hub::SharedFrame frame;
        if (r.whole) {
          frame = std::make_shared<const hub::PushFrame>(r.text, std::make_shared<const hub::PushFrame>(*r.whole));
        } else {
          frame = std::make_shared<const hub::PushFrame>(r.text);
        }
        for (const auto& c : a.clients) c->send_state(r.topic, frame);
        break;
      }
    }
  }
}

void ClusterNode::close_forwarded(const std::string& owner) {
  std::vector<std::shared_ptr<hub::Client>> closing;
  {
    std::lock_guard lock(edge_mutex_);
    for (const auto& [id, f] : forwarded_) {
      if (!owner.empty() && f.owner != owner) continue;
      if (auto c = f.client.lock()) closing.push_back(std::move(c));
    }
  }
  if (!closing.empty()) {
    spdlog::warn("cluster: node {} closing {} connection(s) served by {} so they reconnect", options_.node_id,
                 closing.size(), owner.empty() ? std::string("other nodes") : "node " + owner);
  }
  for (const auto& c : closing) c->close(1012, "the server running this session changed; reconnecting");
}

void ClusterNode::keep_alive(RedisConnection& redis) {
  // The liveness key, and a heartbeat on this node's own channel so its subscriber hears something at least
  // every third of a lease and can tell a quiet channel from a dead one.
  // It lives as long as a lease: a node that died is known dead no later than its leases are free, so edges
  // close its connections (and requests wait for its sessions) no longer than needed.
  redis.pipeline({{"SET", node_key(options_.node_id), "1", "PX", std::to_string(options_.lease.count())},
                  {"PUBLISH", channel(options_.node_id), ""}});
}

void ClusterNode::keeper_loop() {
  auto last_renewed = std::chrono::steady_clock::now();
  const std::string ttl = std::to_string(options_.lease.count());
  while (!stopping_) {
    {
      std::unique_lock lock(keeper_mutex_);
      keeper_wake_.wait_for(lock, options_.lease / 3, [this] { return stopping_.load(); });
    }
    if (stopping_) return;
    keep_alive(keeper_);

    // Leases of the sessions run here.
    const auto codes = hub_.hosted_codes();
    if (!codes.empty() && !draining_) {
      std::vector<std::vector<std::string>> commands;
      for (const auto& code : codes) commands.push_back({"EVAL", std::string(renew_script), "1", lease_key(code), options_.node_id, ttl});
      std::vector<std::vector<std::string_view>> views;
      for (const auto& c : commands) views.push_back(view(c));
      const auto asked = std::chrono::steady_clock::now();
      if (auto replies = keeper_.pipeline(views)) {
        last_renewed = std::chrono::steady_clock::now();
        metrics_.redis_round_trip_us.store(
            std::chrono::duration_cast<std::chrono::microseconds>(last_renewed - asked).count(), std::memory_order_relaxed);
        for (std::size_t i = 0; i < codes.size(); ++i) {
          const auto& reply = (*replies)[i];
          if (reply.kind == RedisReply::Kind::integer && reply.integer == 1) continue;
          // Nobody holds it (Redis restarted): take it again under a new token and go on, unless another
          // node was quicker, whose claim on the journal then fences this one out.
          if (reply.kind == RedisReply::Kind::integer && reply.integer == 2 && hub_.retake(codes[i])) continue;
          spdlog::warn("cluster: node {} no longer holds the lease on session {}; handing it over", options_.node_id, codes[i]);
          metrics_.leases_given_up.fetch_add(1, std::memory_order_relaxed);
          hub_.hand_over(codes[i]);
        }
      } else if (std::chrono::steady_clock::now() - last_renewed > options_.lease) {
        // Redis has been out of reach for a whole lease: another node may hold these leases by now. Stop
        // running them rather than run a session twice (the journal's fencing refuses our writes anyway).
        spdlog::error("cluster: Redis out of reach for longer than a lease; handing over {} session(s)", codes.size());
        metrics_.redis_failures.fetch_add(1, std::memory_order_relaxed);
        metrics_.leases_given_up.fetch_add(codes.size(), std::memory_order_relaxed);
        for (const auto& code : codes) hub_.hand_over(code);
      }
    } else {
      last_renewed = std::chrono::steady_clock::now();
    }

    // A young session whose people reach it mostly through one other node moves there (docs/operations.md,
    // "How it works"). A session starts on whichever node its facilitator's first connection reached, which
    // the balancer chose without a code; its people then arrive hashed on the code, at another node as
    // likely as not. Handing it over while it is small costs its few people one reconnect (1012), after
    // which the balancer's hash and the session's node agree and nobody pays the Redis hop. A large
    // session stays put: moving would cost everyone a reconnect.
    if (!draining_) {
      for (const auto& code : codes) {
        hub_.count_connections(code, follow_crowd_limit, [this, code](std::size_t local, const std::map<std::string, std::size_t>& by_edge) {
          std::size_t total = local;
          for (const auto& [edge, n] : by_edge) total += n;
          if (total > follow_crowd_limit) return;
          for (const auto& [edge, n] : by_edge) {
            if (n < 2 || n <= local) continue;
            spdlog::info("cluster: session {} has {} connection(s) here and {} through node {}: handing it over there",
                         code, local, n, edge);
            hub_.hand_over(code, [this, code] { release_lease(code); });
            return;
          }
        });
      }
    }

    // Nodes this one talks to that went away.
    std::vector<std::string> edges, owners;
    {
      std::lock_guard lock(remote_mutex_);
      for (const auto& [edge, link] : links_) edges.push_back(edge);
    }
    {
      std::lock_guard lock(edge_mutex_);
      std::unordered_set<std::string> seen;
      for (const auto& [id, f] : forwarded_) {
        if (seen.insert(f.owner).second) owners.push_back(f.owner);
      }
    }
    std::vector<std::string> nodes = edges;
    nodes.insert(nodes.end(), owners.begin(), owners.end());
    if (nodes.empty()) continue;
    std::vector<std::vector<std::string>> commands;
    for (const auto& n : nodes) commands.push_back({"EXISTS", node_key(n)});
    std::vector<std::vector<std::string_view>> views;
    for (const auto& c : commands) views.push_back(view(c));
    auto replies = keeper_.pipeline(views);
    if (!replies) continue;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if ((*replies)[i].integer != 0) continue;
      if (i < edges.size()) {
        // An edge went: the people it served are gone from here too.
        std::vector<std::shared_ptr<RemoteClient>> gone;
        {
          std::lock_guard lock(remote_mutex_);
          for (auto it = remotes_.begin(); it != remotes_.end();) {
            if (it->second->edge() == nodes[i]) {
              gone.push_back(std::move(it->second));
              it = remotes_.erase(it);
            } else {
              ++it;
            }
          }
          links_.erase(nodes[i]);
        }
        spdlog::warn("cluster: node {} went; {} connection(s) it served here are gone", nodes[i], gone.size());
        metrics_.edge_connections.fetch_sub(static_cast<std::int64_t>(gone.size()), std::memory_order_relaxed);
        for (const auto& c : gone) {
          c->sync();
          hub_.disconnected(c);
        }
      } else {
        close_forwarded(nodes[i]);
      }
    }
  }
}

}  // namespace huddle::cluster
