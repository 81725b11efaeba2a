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

namespace {

constexpr const char* usage = R"(huddle-load: many WebSocket clients from one process, measuring fan-out.

usage: huddle-load huddle    --url ws://127.0.0.1:PORT/ws [flags]
       huddle-load broadcast --url ws://127.0.0.1:PORT/PATH [flags]

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
           The join itself is measured too: time, bytes per join, RSS per idle connection.
           Run the server with --rate-limit 0, --max-participants and --max-connections above N, and
           --max-connections-per-address above N / --sources.
broadcast  drives a plain broadcast server (the peers in tests/load/peers): N clients connect, one more
           sends a --bytes frame at --rate for --duration; every other client should receive each frame.

Every run reports messages and bytes received, errors, and with --server-pid the server's CPU seconds
and RSS (from /proc). Exit status: 0 when nothing failed and every client saw every update.

flags)";

}  // namespace

std::optional<LoadOptions> parse_load_options(int argc, char** argv, int& exit_code) {
  LoadOptions o;
  std::string url, workloads;
  po::options_description desc(usage);
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("url", po::value(&url), "server WebSocket URL (required)")
    ("clients,n", po::value(&o.clients)->default_value(o.clients), "clients (participants) to connect")
    ("sources", po::value(&o.sources)->default_value(o.sources),
       "loopback source addresses 127.0.0.1..127.0.0.K to spread clients over (0: one per 25,000 clients)")
    ("concurrency", po::value(&o.concurrency)->default_value(o.concurrency), "opens and joins in progress at once")
    ("server-pid", po::value(&o.server_pid)->default_value(0), "server process, for CPU and memory from /proc")
    ("json", po::value(&o.json_path), "write every number to this file")
    ("step-timeout", po::value(&o.step_timeout)->default_value(o.step_timeout), "seconds one step may take")
    ("seed", po::value(&o.seed)->default_value(o.seed), "random seed (vote order, card choice)")
    ("rate", po::value(&o.rate)->default_value(o.rate), "updates per second (broadcast, slow)")
    ("duration", po::value(&o.duration)->default_value(o.duration), "seconds of updates (broadcast, slow)")
    ("scenario", po::value(&o.scenario)->default_value(o.scenario), "huddle: scenario id with a poll and a cards phase")
    ("workloads", po::value(&workloads)->default_value("broadcast,vote,cards"), "huddle: comma-separated, run in this order ('none': join only)")
    ("spread", po::value(&o.spread)->default_value(o.spread), "huddle: seconds over which votes, cards and me-toos are sent")
    ("card-share", po::value(&o.card_share)->default_value(o.card_share), "huddle: share of participants writing a card")
    ("max-card-writers", po::value(&o.max_card_writers)->default_value(o.max_card_writers), "huddle: at most this many cards")
    ("metoo-share", po::value(&o.metoo_share)->default_value(o.metoo_share), "huddle: share of participants saying me too")
    ("slow-share", po::value(&o.slow_share)->default_value(o.slow_share), "huddle: share that stops reading in the 'slow' workload (0: no such workload)")
    ("no-metrics", "huddle: do not read the server's /metrics")
    ("bytes", po::value(&o.bytes)->default_value(o.bytes), "broadcast: payload bytes per frame (use the Huddle session push size)");
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
    else throw std::invalid_argument("the first argument must be 'huddle' or 'broadcast', not '" + target + "'");
    po::store(po::parse_command_line(argc - 1, argv + 1, desc), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << desc << '\n';
      exit_code = 0;
      return std::nullopt;
    }
    if (url.empty()) throw std::invalid_argument("--url is required");
    o.url = ServerUrl::parse(url);
    o.metrics = vm.count("no-metrics") == 0;
    o.workloads.clear();
    std::istringstream list(workloads);
    for (std::string w; std::getline(list, w, ',');) {
      if (w == "none") continue;
      if (w != "broadcast" && w != "vote" && w != "cards") throw std::invalid_argument("unknown workload '" + w + "'");
      o.workloads.push_back(w);
    }
    if (o.slow_share > 0) o.workloads.emplace_back("slow");
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
