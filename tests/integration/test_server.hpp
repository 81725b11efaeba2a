#pragma once
// The real server (the same net::Server main() runs) on a free loopback port, on its own I/O threads.
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "net/server.hpp"
#include "store/memory_cohort_store.hpp"
#include "store/memory_journal.hpp"

namespace huddle::test {

class TestServer {
 public:
  // `tweak` adjusts the options before start (limits, timeouts). Scenarios come from a temp folder holding
  // "demo.json" (three phases; the second lasts 1 s and advances by itself) and "activities.json" (info; a live
  // single-choice poll; an anonymous open-text poll with hidden results; a cards board, K = 3), the web client
  // from the source tree.
  // With `journal`, the server keeps its sessions there (instead of its own memory journal) and first
  // recovers whatever that journal already holds, as main() does at start.
  // Programmes are served from `<scenarios>/programmes` (tests write their programme files there) and kept in
  // `cohorts` (else the server's own memory store), read back at start as main() does; `programme_tweak`
  // adjusts their options (webhook hosts, timings).
  explicit TestServer(std::function<void(net::ServerOptions&)> tweak = {}, store::Journal* journal = nullptr,
                      store::CohortStore* cohorts = nullptr,
                      std::function<void(hub::ProgrammeOptions&)> programme_tweak = {});
  ~TestServer();

  unsigned short port() const noexcept { return port_; }
  const std::filesystem::path& scenarios() const noexcept { return scenarios_; }
  net::Server& server() { return *server_; }
  // Everything the server journaled, as the store keeps it.
  store::MemoryJournal& journal() { return journal_; }
  // The cohorts as the server's own memory store keeps them (when no store was given).
  store::MemoryCohortStore& cohorts() { return cohorts_; }
  // Graceful stop, as on SIGTERM: connections are asked to close with 1001.
  void stop();

 private:
  std::filesystem::path scenarios_;
  store::MemoryJournal journal_;
  store::MemoryCohortStore cohorts_;
  std::unique_ptr<boost::asio::io_context> ioc_ = std::make_unique<boost::asio::io_context>();
  std::unique_ptr<net::Server> server_;
  std::vector<std::thread> threads_;
  unsigned short port_ = 0;
};

}  // namespace huddle::test
