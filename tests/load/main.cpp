// huddle-load: many WebSocket clients in one process and one thread, measuring how updates fan out from a
// Huddle server (or a peer broadcast server) to all of them. See README.md and --help.
#include <fstream>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "attack_run.hpp"
#include "broadcast_run.hpp"
#include "fd_limit.hpp"
#include "huddle_run.hpp"
#include "load_options.hpp"
#include "relay_link.hpp"
#include "report_printer.hpp"

using namespace huddle::load;

namespace {

template <class Run>
int drive(const LoadOptions& options) {
  // One thread: the load tool's cost per message is a few microseconds, and one core of headroom is
  // what the benchmark pins it to anyway. concurrency hint 1 lets Asio skip its locking.
  boost::asio::io_context ioc(1);
  Run run(ioc, options);
  std::exception_ptr failure;
  boost::asio::co_spawn(ioc, run.run(), [&](std::exception_ptr e) {
    failure = e;
    ioc.stop();  // closing thousands of sockets gracefully is not worth waiting for
  });
  ioc.run();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      std::cerr << "huddle-load: " << e.what() << '\n';
      return 1;
    }
  }
  auto report = run.report();
  report["options"] = {{"url", options.url.host + options.url.path}, {"urls", options.urls.size()},
                       {"client_processes", options.client_processes}, {"route_by_code", options.route_by_code},
                       {"clients", options.clients},
                       {"sources", options.sources}, {"rate", options.rate}, {"duration", options.duration},
                       {"spread", options.spread}, {"seed", options.seed}, {"workloads", options.workloads},
                       {"slow_share", options.slow_share}, {"bytes", options.bytes}};
  if (options.target == LoadOptions::Target::attack) {
    report["options"].update({{"attacks", options.attacks}, {"idle_seconds", options.idle_seconds},
                              {"attack_seconds", options.attack_seconds}, {"vote_interval", options.vote_interval},
                              {"silent_sources", options.silent_sources}, {"silent_per_source", options.silent_per_source},
                              {"silent_rate", options.silent_rate}, {"flood_clients", options.flood_clients},
                              {"flood_rate", options.flood_rate}, {"create_slots", options.create_slots},
                              {"create_rate", options.create_rate}, {"data_dir", options.data_dir}});
  }
  ReportPrinter(std::cout).print(report);
  if (!options.json_path.empty()) {
    std::ofstream(options.json_path) << report.dump(2) << '\n';
  }
  return run.passed() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // A relay holding some of a run's clients (relay_link.hpp), started by huddle-load itself, not by hand.
  if (argc == 2 && std::string(argv[1]) == "relay") {
    raise_fd_limit();
    return run_relay(3);
  }
  int exit_code = 0;
  const auto options = parse_load_options(argc, argv, exit_code);
  if (!options) return exit_code;
  const auto fds = raise_fd_limit();
  if (fds < options->descriptors_needed()) {
    std::cerr << "huddle-load: the open-file limit is " << fds << ", too low for " << options->descriptors_needed()
              << " sockets (raise the hard limit: ulimit -Hn)\n";
    return 2;
  }
  if (options->target == LoadOptions::Target::huddle) return drive<HuddleRun>(*options);
  if (options->target == LoadOptions::Target::attack) return drive<AttackRun>(*options);
  return drive<BroadcastRun>(*options);
}
