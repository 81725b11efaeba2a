#include "load_options.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

namespace huddle::load {

namespace po = boost::program_options;

bool LoadOptions::has_workload(const std::string& name) const {
  return std::find(workloads.begin(), workloads.end(), name) != workloads.end();
}

bool LoadOptions::has_attack(const std::string& name) const {
  return std::find(attacks.begin(), attacks.end(), name) != attacks.end();
}

std::size_t LoadOptions::descriptors_needed() const {
  // With relays, this process holds its own block of participants and one socket per relay.
  if (target != Target::attack) return (clients + client_processes - 1) / client_processes + client_processes + 64;
  return clients + (has_attack("silent") ? silent_sources * silent_per_source : 0) +
         (has_attack("storage") ? flood_clients + 1 : 0) + (has_attack("create") ? create_slots : 0) + 64;
}

namespace {

constexpr const char* usage = R"(huddle-load: many WebSocket clients from one process, measuring fan-out.

usage: huddle-load huddle    --url ws://127.0.0.1:PORT/ws [flags]
       huddle-load broadcast --url ws://127.0.0.1:PORT/PATH [flags]
       huddle-load attack    --url ws://127.0.0.1:PORT/ws [flags]

huddle     drives a running Huddle server: the facilitator creates a session (--scenario), N participants
           join, then the workloads run in order (--workloads):
             broadcast  the facilitator sends phase.extend (+1 s, -1 s, ...) at --rate for --duration;
                        each changes the 'session' topic that every participant receives
             vote       phase.goto the first poll phase; all N vote within --spread seconds; measured from
                        the last vote's ack until every client has the final tally (voterCount = N)
             cards      phase.goto the first cards phase; --card-share write a card, the facilitator
                        releases what is held, --metoo-share say "me too"; measured until every client
                        has the final board
             slow       (added by --slow-share > 0) the broadcast again while that share of clients stops
                        reading; reports the others' latency and the server's memory
             breakouts  (with --scenario load-roleplay, from tests/load/scenarios) phase.goto the role-play,
                        breakout.form into rooms of four, breakout.start; within --spread seconds every
                        observer saves a checklist twice and one person in every 4th room asks for help,
                        which the facilitator clears; then, at the end of play and of feedback, the time
                        from the room timer's deadline until every participant has the next step, and the
                        server's CPU (average and busiest 100 / 500 ms)
           The join itself is measured too: time, bytes per join, RSS per idle connection.
           Run the server with --rate-limit 0, --max-participants and --max-connections above N, and
           --max-connections-per-address above N / --sources.
broadcast  drives a plain broadcast server (the peers in tests/load/peers): N clients connect, one more
           sends a --bytes frame at --rate for --duration; every other client should receive each frame.
attack     issue 15's attacks against a Huddle server running with its default limits, while --clients
           honest participants (127.0.3.x; their facilitator too) vote in their own session, a vote every
           --vote-interval seconds each, measuring request -> ack: --idle-seconds without attack, then
           --attack-seconds with the attacks of --attacks (comma-separated):
             silent   --silent-sources addresses from 127.0.2.2 hold --silent-per-source connections each that
                      upgrade and say nothing; refused or closed ones reopen (--silent-rate opens/s at most)
             create   127.0.5.1 creates sessions on fresh connections (--create-slots in flight,
                      --create-rate a second at most); halfway, an honest facilitator creates one from
                      127.0.1.1
             storage  a session from 127.0.4.1 whose --flood-clients participants send --flood-rate
                      open-text votes a second each; with --data-dir the journal's growth is measured
           Halfway through the attack a newcomer joins the honest session; /healthz is read every second.
           Reported: vote round trips idle and under attack (p50/p99/max, p99 ratio), what each attack got
           through and what was refused, by code.

Every run reports messages and bytes received, errors, and with --server-pid the server's CPU seconds
and RSS (from /proc). Exit status: 0 when nothing failed and every client saw every update.

A cluster (huddle): several --url (the balancers; participant i uses the i-th, round robin), --route-by-code
(participants connect to PATH?code=CODE once the session exists, which the balancer hashes on), --create-on
each node's own URL (the facilitator creates the session on a node directly, again until the node the
balancer sends the code to is the one running it, so that node gets the most participants), --server-pid
NAME=PID per node (CPU summed and per node), --metrics-url NAME=ws://HOST:PORT per node, --other-pid
NAME=PID for the balancers and Redis, and --client-processes K when N is more than one process may hold
open (the open-file limit): the participants are split into K blocks, and all but the first are held by
relay processes this one starts, which pass what their clients receive (each message's edges and arrival
time) back here, where every number is computed as for the others.

flags)";

}  // namespace

std::optional<LoadOptions> parse_load_options(int argc, char** argv, int& exit_code) {
  LoadOptions o;
  std::vector<std::string> urls, server_pids, other_pids, metrics_urls, create_on;
  std::string workloads, attacks;
  po::options_description desc(usage);
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("url", po::value(&urls)->composing(),
       "server WebSocket URL (required); repeatable: participant i connects to the i-th, round robin, the facilitator to the first")
    ("clients,n", po::value(&o.clients)->default_value(o.clients), "clients (participants) to connect")
    ("sources", po::value(&o.sources)->default_value(o.sources),
       "loopback source addresses 127.0.0.1..127.0.0.K to spread clients over (0: one per 25,000 clients)")
    ("concurrency", po::value(&o.concurrency)->default_value(o.concurrency), "opens and joins in progress at once")
    ("server-pid", po::value(&server_pids)->composing(),
       "server process, for CPU and memory from /proc: PID or NAME=PID; repeatable (a cluster's nodes: summed, and one by one)")
    ("other-pid", po::value(&other_pids)->composing(),
       "NAME=PID of another process to measure beside the server (a balancer, Redis), reported one by one; repeatable (pids under one name are summed)")
    ("metrics-url", po::value(&metrics_urls)->composing(),
       "[NAME=]ws://HOST:PORT whose /metrics to read (default: the first --url); repeatable (a cluster's nodes)")
    ("client-processes", po::value(&o.client_processes)->default_value(o.client_processes),
       "processes holding the participants (more than one: relays this process starts, for N above its open-file limit)")
    ("route-by-code", "huddle: participants connect to the URL's path with ?code=CODE (a cluster's balancer hashes on it)")
    ("create-on", po::value(&create_on)->composing(),
       "huddle: a node's own ws:// URL to create the session on (repeatable); with --route-by-code and several, the "
       "session is created again until the node the first --url's balancer sends its code to runs it")
    ("json", po::value(&o.json_path), "write every number to this file")
    ("step-timeout", po::value(&o.step_timeout)->default_value(o.step_timeout), "seconds one step may take")
    ("seed", po::value(&o.seed)->default_value(o.seed), "random seed (vote order, card choice)")
    ("rate", po::value(&o.rate)->default_value(o.rate), "updates per second (broadcast, slow)")
    ("duration", po::value(&o.duration)->default_value(o.duration), "seconds of updates (broadcast, slow)")
    ("scenario", po::value(&o.scenario)->default_value(o.scenario), "huddle: scenario id with a poll and a cards phase (breakouts: a role-play)")
    ("workloads", po::value(&workloads)->default_value("broadcast,vote,cards"), "huddle: comma-separated, run in this order ('none': join only)")
    ("spread", po::value(&o.spread)->default_value(o.spread), "huddle: seconds over which votes, cards, me-toos and breakout requests are sent")
    ("card-share", po::value(&o.card_share)->default_value(o.card_share), "huddle: share of participants writing a card")
    ("max-card-writers", po::value(&o.max_card_writers)->default_value(o.max_card_writers), "huddle: at most this many cards")
    ("metoo-share", po::value(&o.metoo_share)->default_value(o.metoo_share), "huddle: share of participants saying me too")
    ("slow-share", po::value(&o.slow_share)->default_value(o.slow_share), "huddle: share that stops reading in the 'slow' workload (0: no such workload)")
    ("no-metrics", "huddle: do not read the server's /metrics")
    ("receive-buffer", po::value(&o.receive_buffer)->default_value(o.receive_buffer),
     "SO_RCVBUF of the reading clients (0: the system's, autotuned): how fast a server's writes drain")
    ("bytes", po::value(&o.bytes)->default_value(o.bytes), "broadcast: payload bytes per frame (use the Huddle session push size)")
    ("attacks", po::value(&attacks)->default_value("silent,create,storage"), "attack: comma-separated ('none': honest clients only)")
    ("idle-seconds", po::value(&o.idle_seconds)->default_value(o.idle_seconds), "attack: seconds of honest votes before the attack")
    ("attack-seconds", po::value(&o.attack_seconds)->default_value(o.attack_seconds), "attack: seconds the attack lasts")
    ("vote-interval", po::value(&o.vote_interval)->default_value(o.vote_interval), "attack: seconds between one honest participant's votes")
    ("silent-sources", po::value(&o.silent_sources)->default_value(o.silent_sources), "attack: addresses of silent connections (127.0.2.2 on)")
    ("silent-per-source", po::value(&o.silent_per_source)->default_value(o.silent_per_source), "attack: silent connections per address")
    ("silent-rate", po::value(&o.silent_rate)->default_value(o.silent_rate), "attack: silent opens started per second, at most")
    ("flood-clients", po::value(&o.flood_clients)->default_value(o.flood_clients), "attack: participants in the storage flood")
    ("flood-rate", po::value(&o.flood_rate)->default_value(o.flood_rate), "attack: open-text votes per second per flood participant")
    ("create-slots", po::value(&o.create_slots)->default_value(o.create_slots), "attack: session.create attempts in flight")
    ("create-rate", po::value(&o.create_rate)->default_value(o.create_rate), "attack: session.create attempts per second, at most")
    ("data-dir", po::value(&o.data_dir), "attack: the server's --data folder, to measure the journal's growth");
  // clang-format on
  po::variables_map vm;
  try {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
      std::cout << desc << '\n';
      exit_code = argc < 2 ? 2 : 0;
      return std::nullopt;
    }
    const std::string target = argv[1];
    if (target == "huddle") o.target = LoadOptions::Target::huddle;
    else if (target == "broadcast") o.target = LoadOptions::Target::broadcast;
    else if (target == "attack") o.target = LoadOptions::Target::attack;
    else throw std::invalid_argument("the first argument must be 'huddle', 'broadcast' or 'attack', not '" + target + "'");
    po::store(po::parse_command_line(argc - 1, argv + 1, desc), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << desc << '\n';
      exit_code = 0;
      return std::nullopt;
    }
    if (urls.empty()) throw std::invalid_argument("--url is required");
    for (const auto& u : urls) o.urls.push_back(ServerUrl::parse(u));
    o.url = o.urls.front();
    o.metrics = vm.count("no-metrics") == 0;
    o.route_by_code = vm.count("route-by-code") > 0;
    auto named_pid = [](const std::string& text, bool name_required) {
      const auto eq = text.find('=');
      if (eq == std::string::npos && name_required) throw std::invalid_argument("--other-pid wants NAME=PID, not '" + text + "'");
      LoadOptions::NamedPid out;
      out.name = eq == std::string::npos ? text : text.substr(0, eq);
      const auto digits = eq == std::string::npos ? text : text.substr(eq + 1);
      std::size_t used = 0;
      out.pid = std::stoi(digits, &used);
      if (used != digits.size() || out.pid < 0) throw std::invalid_argument("not a pid: '" + text + "'");
      return out;
    };
    for (const auto& p : server_pids) {
      auto named = named_pid(p, false);
      if (named.pid > 0) o.server_pids.push_back(named);
    }
    for (const auto& p : other_pids) o.other_pids.push_back(named_pid(p, true));
    o.server_pid = o.server_pids.empty() ? 0 : o.server_pids.front().pid;
    auto named_url = [](std::string text) {
      LoadOptions::NamedUrl out;
      const auto scheme = text.find("://");
      const auto eq = text.find('=');
      if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
        out.name = text.substr(0, eq);
        text = text.substr(eq + 1);
      }
      if (text.rfind("http://", 0) == 0) text = "ws://" + text.substr(7);
      out.url = ServerUrl::parse(text);
      if (out.name.empty()) out.name = out.url.host;
      return out;
    };
    for (const auto& u : metrics_urls) o.metrics_urls.push_back(named_url(u));
    for (const auto& u : create_on) o.create_on.push_back(named_url(u));
    if (o.client_processes == 0 || o.client_processes > o.clients) {
      throw std::invalid_argument("--client-processes must be 1 to --clients");
    }
    o.workloads.clear();
    std::istringstream list(workloads);
    for (std::string w; std::getline(list, w, ',');) {
      if (w == "none") continue;
      if (w != "broadcast" && w != "vote" && w != "cards" && w != "breakouts") {
        throw std::invalid_argument("unknown workload '" + w + "'");
      }
      o.workloads.push_back(w);
    }
    if (o.slow_share > 0) o.workloads.emplace_back("slow");
    if (o.client_processes > 1 && o.has_workload("breakouts")) {
      throw std::invalid_argument("the breakouts workload reads whole messages, which relays do not pass on: --client-processes 1");
    }
    if (o.client_processes > 1 && o.target == LoadOptions::Target::attack) {
      throw std::invalid_argument("attack: --client-processes 1");
    }
    o.attacks.clear();
    std::istringstream attack_list(attacks);
    for (std::string a; std::getline(attack_list, a, ',');) {
      if (a == "none") continue;
      if (a != "silent" && a != "create" && a != "storage") throw std::invalid_argument("unknown attack '" + a + "'");
      o.attacks.push_back(a);
    }
    if (o.idle_seconds <= 0 || o.attack_seconds <= 0 || o.vote_interval <= 0 || o.silent_rate <= 0 ||
        o.flood_rate <= 0 || o.create_rate <= 0) {
      throw std::invalid_argument("attack durations, intervals and rates must be positive");
    }
    if (o.silent_sources == 0 || o.silent_sources > 253) throw std::invalid_argument("--silent-sources must be 1 to 253");
    if (o.clients == 0) throw std::invalid_argument("--clients must be at least 1");
    if (o.rate <= 0 || o.duration <= 0 || o.spread <= 0) throw std::invalid_argument("--rate, --duration and --spread must be positive");
    if (o.rate * o.duration < 1) throw std::invalid_argument("--rate x --duration must make at least one update");
    if (o.sources == 0) o.sources = (o.clients + 2) / 25000 + 1;
    if (o.bytes < 48) throw std::invalid_argument("--bytes must be at least 48 (sequence number and timestamp)");
  } catch (const std::exception& e) {
    std::cerr << "huddle-load: " << e.what() << "\n(huddle-load --help lists the flags)\n";
    exit_code = 2;
    return std::nullopt;
  }
  return o;
}

}  // namespace huddle::load
