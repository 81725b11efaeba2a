#pragma once
// Everything huddle-load can be told (see --help). One struct for both targets: the shared part (clients,
// sources, server pid, output) is the point, since the peers must be driven exactly like Huddle.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "server_url.hpp"

namespace huddle::load {

struct LoadOptions {
  enum class Target { huddle, broadcast, attack };

  Target target = Target::huddle;
  ServerUrl url;                      // the first --url: the facilitator's, /metrics' and /healthz's
  std::vector<ServerUrl> urls;        // every --url: participant i connects to urls[i % urls.size()]
  std::size_t clients = 100;
  std::size_t sources = 0;            // 0: enough for the port range (one per 25,000 clients)
  std::size_t concurrency = 200;      // opens (and joins) in progress at once
  int server_pid = 0;                 // the first --server-pid
  // A process whose CPU and memory are read from /proc, by name (its pid when unnamed).
  struct NamedPid {
    std::string name;
    int pid = 0;
  };
  std::vector<NamedPid> server_pids;  // every --server-pid: summed as "the server", and one by one when several
  std::vector<NamedPid> other_pids;   // --other-pid: beside the server (a balancer, Redis), reported one by one
  struct NamedUrl {
    std::string name;
    ServerUrl url;
  };
  std::vector<NamedUrl> metrics_urls;  // --metrics-url: whose /metrics to read (default: the first --url)
  std::size_t client_processes = 1;   // participants spread over this many processes (the others: relays)
  std::string json_path;
  double step_timeout = 120;          // seconds any one step may take before the run gives up on it
  unsigned seed = 1;

  // The update stream (Huddle: phase.extend by the facilitator; broadcast: the sender's frames).
  double rate = 2;                    // updates per second
  double duration = 10;               // seconds

  // huddle
  std::string scenario = "first-90-days";
  std::vector<std::string> workloads{"broadcast", "vote", "cards"};
  double spread = 3;                  // seconds over which votes (cards, "me too"s, breakout requests) are spread
  double card_share = 0.05;           // share of participants who write a card
  std::size_t max_card_writers = 250; // cap: a 10k room does not put 500 cards on one board
  double metoo_share = 0.5;           // share of participants who say "me too" to one card
  double slow_share = 0;              // > 0 adds the "slow" workload: that share stops reading
  bool metrics = true;                // read /metrics at the edges of each window
  bool route_by_code = false;         // participants connect to PATH?code=CODE (a cluster's balancer hashes on it)
  std::vector<NamedUrl> create_on;    // --create-on: the facilitator creates the session on one of these nodes

  // broadcast
  std::size_t bytes = 600;            // payload per broadcast frame
  int receive_buffer = 0;             // SO_RCVBUF of every client that reads (0: the system's, autotuned)

  // attack (issue 15): --clients honest participants vote in their own session while the attacks run
  std::vector<std::string> attacks{"silent", "create", "storage"};
  double idle_seconds = 15;           // the honest baseline, no attack
  double attack_seconds = 30;         // the attack, honest clients still voting
  double vote_interval = 2;           // seconds between one honest participant's votes
  std::size_t silent_sources = 16;    // silent connections: source addresses 127.0.2.2 ..
  std::size_t silent_per_source = 1000;
  double silent_rate = 2000;          // silent opens started per second, at most
  std::size_t flood_clients = 150;    // storage flood: participants spamming open-text votes
  double flood_rate = 10;             // votes per second per flood participant
  std::size_t create_slots = 4;       // creation flood: attempts in flight at once
  double create_rate = 100;           // creation attempts started per second, at most
  std::string data_dir;               // the server's --data folder, to measure the journal (huddle.db*)

  bool has_workload(const std::string& name) const;
  bool has_attack(const std::string& name) const;
  // Sockets the run holds at most at once (the open-file limit must allow them).
  std::size_t descriptors_needed() const;
};

// Parses argv; prints help or an error and returns nullopt when the caller should exit (with `exit_code`).
std::optional<LoadOptions> parse_load_options(int argc, char** argv, int& exit_code);

}  // namespace huddle::load
