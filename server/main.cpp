// huddle: the server process. Parses flags, wires the server together, and shuts down cleanly on
// SIGINT/SIGTERM (connections closed with 1001, journal closed).
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/program_options.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cluster/cluster_node.hpp"
#include "net/server.hpp"
#include "net/trusted_proxies.hpp"
#include "net/webhook_sender.hpp"
#include "scenario/check_folder.hpp"
#include "scenario/scenario_catalog.hpp"
#include "store/open_journal.hpp"
#include "store/sqlite_cohort_store.hpp"
#include "store/sqlite_journal.hpp"

namespace po = boost::program_options;
using namespace huddle;

namespace {

// `huddle check-scenarios DIR`: validates a folder for a facilitator's own CI; non-zero exit on any error.
int check_scenarios(const std::filesystem::path& dir) {
  return scenario::check_folder(dir, std::cout, std::cerr);
}

// The cores this process may run on (taskset, a container's cpuset), not the machine's: two I/O threads
// taking turns on one core only hand work to each other (at 10,000 participants an update took 1.3x the
// CPU and its p99 rose from 114 to 166 ms; tests/load/README.md).
unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "check-scenarios") {
    if (argc != 3) {
      std::cerr << "usage: huddle check-scenarios DIR\n";
      return 2;
    }
    return check_scenarios(argv[2]);
  }

  net::ServerOptions options;
  std::string log_level;
  std::size_t idle_timeout = 0, stuck_timeout = 0;
  long long hello_timeout = 0, admission_timeout = 0, frame_timeout = 0, abandoned_minutes = 0, idle_hours = 0;
  std::size_t max_partial_mb = 0;
  std::string durability_text;
  std::uint64_t journal_max_mb = store::default_journal_max_mb;
  unsigned retention_days = 30;
  std::string redis_url, node_id, journal_where;
  std::vector<std::string> webhook_hosts;
  long long lease_ms = 5000;
  po::options_description desc("huddle: live-session server for leadership workshops\n\nusage: huddle [flags]\n       huddle check-scenarios DIR\n\nflags");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("bind", po::value(&options.bind)->default_value(options.bind), "address to listen on")
    ("port", po::value(&options.port)->default_value(options.port), "TCP port (0 picks a free one)")
    ("scenarios", po::value<std::string>()->default_value("scenarios"), "folder of scenario scripts (*.json)")
    ("data", po::value<std::string>()->default_value("data"), "folder for the session journal (huddle.db)")
    ("journal", po::value(&journal_where),
       "where sessions are stored: sqlite (the default: huddle.db in --data) or postgres://user@host:port/db "
       "(PostgreSQL 15, which a cluster's nodes share)")
    ("durability", po::value(&durability_text)->default_value("full"),
       "full: every acknowledged change is on disk before the reply (survives a power cut); fast: survives a "
       "server crash, but a power cut may lose the last moments")
    ("retention-days", po::value(&retention_days)->default_value(retention_days),
       "days an ended session's data (and so its report), or an ended cohort's, is kept before it is deleted; checked at start and hourly")
    ("journal-max-mb", po::value(&journal_max_mb)->default_value(journal_max_mb),
       "cap on the journal's size in MiB (0: none); at the cap, changes are refused with 'unavailable' as on a full disk")
    ("session-max-events", po::value(&options.session_max_events)->default_value(options.session_max_events),
       "events one session may store (0: no limit); beyond, changes are refused with 'quota_exceeded' (ending, "
       "leaving and removing people still work)")
    ("session-max-mb", po::value(&options.session_max_mb)->default_value(options.session_max_mb),
       "MiB of events one session may store (0: no limit); beyond, changes are refused with 'quota_exceeded'")
    ("changes-per-minute", po::value(&options.changes_per_minute)->default_value(options.changes_per_minute),
       "changes one participant may store per minute on average (0: no limit); beyond, 'rate_limited'")
    ("changes-burst", po::value(&options.changes_burst)->default_value(options.changes_burst),
       "changes one participant may store at once before --changes-per-minute applies")
    ("web", po::value<std::string>()->default_value("client-web"), "folder of the web client's files")
    ("tls-cert", po::value<std::string>(),
       "PEM certificate (chain) file: with --tls-key, the port serves HTTPS and WSS only, for a server on the internet")
    ("tls-key", po::value<std::string>(), "PEM private key file of --tls-cert")
    ("threads", po::value(&options.threads)->default_value(0), "I/O threads (0: one per core this process may run on)")
    ("log-level", po::value(&log_level)->default_value("info"), "trace, debug, info, warn, error or off")
    ("allowed-origin", po::value(&options.allowed_origins)->composing(),
       "another web origin allowed to open WebSockets, e.g. https://workshop.example.org (repeatable)")
    ("max-message-bytes", po::value(&options.max_message_bytes)->default_value(options.max_message_bytes),
       "largest WebSocket message accepted; larger ones close the connection with 1009")
    ("max-connections", po::value(&options.max_connections)->default_value(options.max_connections),
       "open connections in total; more are refused")
    ("max-connections-per-address",
       po::value(&options.max_connections_per_address)->default_value(options.max_connections_per_address),
       "open connections from one network address; more are refused (an office behind one NAT counts as one)")
    ("rate-limit", po::value(&options.rate_limit_per_second)->default_value(options.rate_limit_per_second),
       "requests per second one connection may send on average (0: no limit); beyond it requests are answered "
       "rate_limited, and a client that keeps on is closed with 1008")
    ("rate-limit-burst", po::value(&options.rate_limit_burst)->default_value(options.rate_limit_burst),
       "requests one connection may send at once before --rate-limit applies")
    ("max-participants", po::value(&options.max_participants)->default_value(options.max_participants),
       "participants per session")
    ("join-burst", po::value(&options.hub.join_burst)->default_value(options.hub.join_burst),
       "new participants one network address may add at once (an office behind one NAT is one address)")
    ("joins-per-minute", po::value(&options.hub.joins_per_minute)->default_value(options.hub.joins_per_minute),
       "new participants one address may add a minute after --join-burst (0: no limit); beyond: rate_limited. "
       "Resumes are not counted")
    ("idle-timeout", po::value(&idle_timeout)->default_value(40), "seconds of silence before a WebSocket is closed")
    ("stuck-timeout", po::value(&stuck_timeout)->default_value(15),
       "seconds a write may stay pending before the client counts as not reading and is disconnected")
    // Open-internet limits (issue 15): connections must earn their place; per-address limits hold per network too.
    ("public-origin", po::value(&options.public_origins)->composing(),
       "origin people open the web client at, e.g. https://huddle.example.org (repeatable); WebSocket upgrades "
       "must come from it or an --allowed-origin, compared whole (default: this server's own bind address, and "
       "localhost on a loopback or wildcard bind)")
    ("metrics-token", po::value(&options.metrics_token),
       "token /metrics requires as 'Authorization: Bearer TOKEN'; without it /metrics answers loopback clients only")
    ("socket-send-buffer", po::value(&options.socket_send_buffer)->default_value(options.socket_send_buffer),
       "bytes the kernel holds of each connection's unsent pushes (SO_SNDBUF; 0: the kernel's autotuning)")
    ("max-connections-per-network",
       po::value(&options.max_connections_per_network)->default_value(options.max_connections_per_network),
       "open connections from one network (see --address-group-v4/-v6); more are refused")
    ("trusted-proxy", po::value(&options.trusted_proxies)->composing(),
       "address or network (e.g. 127.0.0.1, 10.0.0.0/8) of a reverse proxy such as HAProxy with `option "
       "forwardfor` (repeatable): its connections skip the per-address caps, and each request from it counts "
       "under the last X-Forwarded-For entry; anyone else's X-Forwarded-For is ignored")
    ("address-group-v4", po::value(&options.hub.grouping.ipv4_prefix)->default_value(options.hub.grouping.ipv4_prefix),
       "IPv4 prefix length that counts as one network for per-address limits (32: each address alone)")
    ("address-group-v6", po::value(&options.hub.grouping.ipv6_prefix)->default_value(options.hub.grouping.ipv6_prefix),
       "IPv6 prefix length that counts as one network for per-address limits (128: each address alone)")
    ("hello-timeout", po::value(&hello_timeout)->default_value(options.hello_timeout.count()),
       "seconds a new WebSocket has to send 'hello' before it is closed with 1008")
    ("admission-timeout", po::value(&admission_timeout)->default_value(options.admission_timeout.count()),
       "seconds a new WebSocket has to join, resume, attach or create before it is closed with 1008")
    ("frame-timeout", po::value(&frame_timeout)->default_value(options.frame_timeout.count()),
       "seconds a WebSocket message, once begun, has to arrive whole before the connection is closed with 1008")
    ("max-partial-mb", po::value(&max_partial_mb)->default_value(options.max_partial_bytes_total / (1024 * 1024)),
       "MiB of unfinished WebSocket messages all connections together may hold; past it, the connection that "
       "grows is closed with 1013")
    ("wrong-codes-burst", po::value(&options.hub.wrong_codes_burst)->default_value(options.hub.wrong_codes_burst),
       "misses (a join code that opens nothing, a wrong facilitator key, resume token or report key) one address "
       "may make at once, from any endpoint; twice that per network")
    ("wrong-codes-per-minute",
       po::value(&options.hub.wrong_codes_per_minute)->default_value(options.hub.wrong_codes_per_minute),
       "misses one address may make a minute once the burst is spent; beyond, every code and key from it is "
       "answered rate_limited (WebSocket) or 429 (report API)")
    ("creations-per-minute", po::value(&options.hub.creations_per_minute)->default_value(options.hub.creations_per_minute),
       "new sessions and pods one address may create a minute (as many at once); twice that per network")
    ("max-sessions-per-address",
       po::value(&options.hub.max_sessions_per_address)->default_value(options.hub.max_sessions_per_address),
       "live sessions and pods one address may have created; twice that per network")
    ("abandoned-minutes", po::value(&abandoned_minutes)->default_value(options.hub.abandoned_after_ms / 60'000),
       "minutes after which a session nobody joined, or a pod, with nobody connected is deleted")
    ("idle-hours", po::value(&idle_hours)->default_value(options.hub.idle_after_ms / 3'600'000),
       "hours after which a session with nobody connected ends (its report stays)")
    ("webhook-allow", po::value(&webhook_hosts)->multitoken(),
       "host or host:port a cohort's webhook may call (repeat or list several); none: cohorts get no webhooks. "
       "Only hosts named here, so nobody can make this server call into your own network")
    ("redis", po::value(&redis_url),
       "redis://host:port: run as one node of a cluster (docs/operations.md): sessions are leased to one node at "
       "a time and served from any; needs a journal all nodes share (--journal postgres://...)")
    ("node-id", po::value(&node_id), "this node's name in the cluster (default: host name and port)")
    ("lease-ms", po::value(&lease_ms)->default_value(lease_ms),
       "how long a session's lease lasts unrenewed: after a node dies, its sessions move within about this long");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "huddle: " << e.what() << "\n\n" << desc << '\n';
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  options.scenarios = vm["scenarios"].as<std::string>();
  options.data = vm["data"].as<std::string>();
  options.web_root = vm["web"].as<std::string>();
  if (vm.count("tls-cert") != vm.count("tls-key")) {
    std::cerr << "huddle: --tls-cert and --tls-key go together\n";
    return 2;
  }
  if (vm.count("tls-cert")) {
    options.tls_cert = vm["tls-cert"].as<std::string>();
    options.tls_key = vm["tls-key"].as<std::string>();
  }
  try {
    net::TrustedProxies check(options.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    std::cerr << "huddle: " << e.what() << '\n';
    return 2;
  }
  options.idle_timeout = std::chrono::seconds(idle_timeout);
  options.stuck_timeout = std::chrono::seconds(stuck_timeout);
  options.hello_timeout = std::chrono::seconds(hello_timeout);
  options.admission_timeout = std::chrono::seconds(admission_timeout);
  options.frame_timeout = std::chrono::seconds(frame_timeout);
  options.max_partial_bytes_total = max_partial_mb * 1024 * 1024;
  options.hub.abandoned_after_ms = abandoned_minutes * 60'000;
  options.hub.idle_after_ms = idle_hours * 3'600'000;

  std::optional<cluster::ClusterOptions> cluster_options;
  if (!redis_url.empty()) {
    cluster_options = cluster::parse_redis_url(redis_url);
    if (!cluster_options) {
      std::cerr << "huddle: --redis must look like redis://host:port\n";
      return 2;
    }
    cluster_options->node_id = node_id;
    if (lease_ms < 300) {
      std::cerr << "huddle: --lease-ms must be at least 300\n";
      return 2;
    }
    cluster_options->lease = std::chrono::milliseconds(lease_ms);
  }

  // Logs go to stderr; stdout carries only the "listening on" line that scripts and tests wait for.
  spdlog::set_default_logger(spdlog::stderr_color_mt("huddle"));
  spdlog::set_level(spdlog::level::from_str(log_level));

  std::error_code ec;
  std::filesystem::create_directories(options.data, ec);
  if (ec) {
    spdlog::critical("cannot create the data folder {}: {}", options.data.string(), ec.message());
    return 1;
  }
  const unsigned threads = options.threads ? options.threads : usable_cores();
  options.threads = threads;  // the server deals connections to one shard per I/O thread (net/io_shards.hpp)

  // Teardown order matters (see net::Server::release_io_objects): the io_context goes before the server.
  const auto durability = store::parse_durability(durability_text);
  if (!durability) {
    std::cerr << "huddle: --durability must be full or fast\n";
    return 2;
  }
  std::unique_ptr<store::Journal> journal;
  const bool embedded = journal_where.empty() || journal_where == "sqlite";
  if (cluster_options && embedded) {
    std::cerr << "huddle: a cluster node (--redis) needs a journal every node shares: --journal postgres://...\n";
    return 2;
  }
  try {
    journal = store::open_journal(journal_where, options.data, *durability, journal_max_mb * 1024 * 1024);
    if (embedded) spdlog::info("journal: {}", (options.data / "huddle.db").string());
    else spdlog::info("journal: PostgreSQL");
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  if (embedded) {
    std::error_code space_ec;
    const auto space = std::filesystem::space(options.data, space_ec);
    const auto journal_bytes = std::filesystem::file_size(options.data / "huddle.db", space_ec);
    const std::uint64_t cap = journal_max_mb * 1024 * 1024;
    if (!space_ec && (cap == 0 || space.available + journal_bytes < cap)) {
      spdlog::warn("the disk of {} has {} MiB free; --journal-max-mb {} lets the journal fill it before the cap "
                   "refuses changes", options.data.string(), space.available / (1024 * 1024), journal_max_mb);
    }
  }
  auto ioc_owner = std::make_unique<boost::asio::io_context>(static_cast<int>(threads));
  auto& ioc = *ioc_owner;
  std::unique_ptr<net::Server> server_owner;
  try {
    server_owner = std::make_unique<net::Server>(ioc, options, *journal);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  net::Server& server = *server_owner;
  const auto keep = std::chrono::hours(24) * retention_days;
  try {
    if (const auto purged = server.purge_ended(keep)) spdlog::info("retention: deleted {} ended session(s)", purged);
    // A cluster node restores nothing at start: each session comes back on whichever node its people reach
    // first once its lease is free (hub::Hub::route).
    if (!cluster_options) {
      if (const auto restored = server.recover()) spdlog::info("restored {} session(s) from the journal", restored);
    }
  } catch (const std::exception& e) {
    spdlog::critical("cannot restore the sessions in {}: {}. Nothing was changed; the server did not start.",
                     (options.data / "huddle.db").string(), e.what());
    return 1;
  }
  // Programmes and cohorts (protocol/PROGRAMMES.md) live in programmes.db beside the journal. A cluster's
  // nodes would each hold their own copy, so a cluster serves no programmes in this release.
  std::unique_ptr<store::SqliteCohortStore> cohorts;
  if (!cluster_options) {
    for (const auto& host : webhook_hosts) {
      if (auto why = net::WebhookSender::check_allowed_host(host)) {
        std::cerr << "huddle: --webhook-allow " << host << ": " << *why << '\n';
        return 2;
      }
    }
    try {
      cohorts = std::make_unique<store::SqliteCohortStore>(options.data, *durability);
      hub::ProgrammeOptions programme_options;
      programme_options.retention_ms = static_cast<core::Millis>(retention_days) * 24 * 3600 * 1000;
      programme_options.webhook_hosts = webhook_hosts;
      if (const auto loaded = server.enable_programmes(*cohorts, programme_options)) spdlog::info("restored {} cohort(s)", loaded);
    } catch (const std::exception& e) {
      spdlog::critical("cannot read the cohorts in {}: {}. Nothing was changed; the server did not start.",
                       (options.data / "programmes.db").string(), e.what());
      return 1;
    }
  }
  unsigned short port = 0;
  try {
    port = server.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on {}:{}: {}", options.bind, options.port, e.what());
    return 1;
  }
  std::cout << "listening on " << (options.tls_cert.empty() ? "http" : "https") << "://" << options.bind << ":" << port << std::endl;
  spdlog::info("huddle ready: {} thread(s), scenarios from {}, web client from {}", threads, options.scenarios.string(),
               options.web_root.string());

  // Retention runs again every hour, so a server that stays up for weeks still forgets old sessions.
  auto retention = std::make_unique<boost::asio::steady_timer>(ioc);
  std::function<void()> schedule_retention = [&] {
    retention->expires_after(std::chrono::hours(1));
    retention->async_wait([&](boost::system::error_code e) {
      if (e) return;
      try {
        if (const auto purged = server.purge_ended(keep)) spdlog::info("retention: deleted {} ended session(s)", purged);
      } catch (const std::exception& ex) {
        spdlog::error("retention: {}", ex.what());
      }
      schedule_retention();
    });
  };
  schedule_retention();

  // A cluster node: leases, edges and liveness through Redis (cluster/cluster_node.hpp).
  std::unique_ptr<cluster::ClusterNode> cluster_node;
  if (cluster_options) {
    if (cluster_options->node_id.empty()) {
      char host[256] = {};
      ::gethostname(host, sizeof host - 1);
      cluster_options->node_id = std::string(host) + "-" + std::to_string(port);
    }
    cluster_node = std::make_unique<cluster::ClusterNode>(*cluster_options, server.hub(), server.metrics());
    try {
      cluster_node->start();
    } catch (const std::exception& e) {
      spdlog::critical("{}", e.what());
      return 1;
    }
    server.hub().set_cluster(cluster_node.get());
  }

  auto signals = std::make_unique<boost::asio::signal_set>(ioc, SIGINT, SIGTERM);
  auto drain = std::make_unique<boost::asio::steady_timer>(ioc);
  const auto give_up_at = std::make_shared<std::chrono::steady_clock::time_point>();
  std::function<void()> wait_for_drain = [&] {
    if (server.open_connections() == 0 || std::chrono::steady_clock::now() > *give_up_at) {
      ioc.stop();
      return;
    }
    drain->expires_after(std::chrono::milliseconds(50));
    drain->async_wait([&](boost::system::error_code) { wait_for_drain(); });
  };
  auto shut_down = [&] {
    retention->cancel();
    server.stop();
    *give_up_at = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    wait_for_drain();
  };
  signals->async_wait([&](boost::system::error_code e, int signal) {
    if (e) return;
    if (!cluster_node) {
      spdlog::info("signal {}: closing connections and shutting down", signal);
      return shut_down();
    }
    // A cluster node drains: it stops listening (the balancer sends new connections elsewhere), hands each
    // session over once its writes are stored (its clients reconnect to the next node within a moment), and
    // only then closes what is left, so a rolling restart loses nothing.
    spdlog::info("signal {}: draining this node, then shutting down", signal);
    server.stop_listening();
    cluster_node->drain([&] { boost::asio::post(ioc, shut_down); });
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  // The cluster's threads call into the hub: they stop (sending what is still waiting) before it goes.
  if (cluster_node) cluster_node->stop();
  server.release_io_objects();
  drain.reset();
  signals.reset();
  retention.reset();
  ioc_owner.reset();
  server_owner.reset();
  cohorts.reset();
  spdlog::info("stopped");
  return 0;
}
