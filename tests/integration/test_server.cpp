#include "integration/test_server.hpp"

#include <cstdlib>
#include <chrono>
#include <fstream>

#include <spdlog/spdlog.h>

namespace huddle::test {

namespace fs = std::filesystem;

TestServer::TestServer(std::function<void(net::ServerOptions&)> tweak, store::Journal* journal, store::CohortStore* cohorts,
                       std::function<void(hub::ProgrammeOptions&)> programme_tweak) {
  // spdlog makes its registry on first use. Make it here, before the I/O threads start: when two of them log
  // first at the same moment, ThreadSanitizer cannot see the guard inside the uninstrumented libspdlog and
  // reports a race.
  spdlog::default_logger_raw();
  static int instance = 0;
  scenarios_ = fs::temp_directory_path() / ("huddle-it-" + std::to_string(::getpid()) + "-" + std::to_string(instance++));
  fs::create_directories(scenarios_);
  std::ofstream(scenarios_ / "demo.json") << R"({
    "id": "demo", "title": "Demo workshop", "description": "For tests", "competencies": ["listening"],
    "durationMinutes": 30,
    "phases": [
      {"title": "Welcome", "notes": "Greet people", "activity": {"kind": "info", "text": "Hello"}},
      {"title": "Warm-up poll", "notes": "", "durationSeconds": 1, "autoAdvance": true,
       "activity": {"kind": "poll", "pollKind": "single", "question": "Ready?", "options": ["Yes", "Not yet"]}},
      {"title": "Questions", "notes": "", "activity": {"kind": "cards", "prompt": "What is still unclear?"}}
    ]})";
  std::ofstream(scenarios_ / "activities.json") << R"({
    "id": "activities", "title": "Activities", "description": "Polls and cards for tests", "competencies": ["feedback"],
    "durationMinutes": 30,
    "phases": [
      {"title": "Welcome", "notes": "", "activity": {"kind": "info", "text": "Hello"}},
      {"title": "Pulse", "notes": "", "activity": {"kind": "poll", "pollKind": "single", "question": "Which first?",
        "options": ["Feedback", "1:1s", "Delegation", "Hiring"], "results": "live"}},
      {"title": "Honest answers", "notes": "", "activity": {"kind": "poll", "pollKind": "open",
        "question": "What is hard for you?", "maxLength": 200}},
      {"title": "Questions", "notes": "", "activity": {"kind": "cards", "prompt": "What is still unclear?",
        "releaseThreshold": 3}}
    ]})";
  net::ServerOptions options;
  options.port = 0;
  options.scenarios = scenarios_;
  const char* source = std::getenv("HUDDLE_SOURCE_DIR");
  options.web_root = fs::path(source ? source : ".") / "client-web";
  if (tweak) tweak(options);
  server_ = std::make_unique<net::Server>(*ioc_, options, journal ? *journal : journal_);
  if (journal) server_->recover();
  hub::ProgrammeOptions programme_options;
  if (programme_tweak) programme_tweak(programme_options);
  server_->enable_programmes(cohorts ? *cohorts : cohorts_, programme_options);
  port_ = server_->start();
  for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_->run(); });
}

void TestServer::stop() { server_->stop(); }

TestServer::~TestServer() {
  server_->stop();
  // Let connections finish their close handshakes (as main() does), but never wait long.
  for (int i = 0; i < 200 && server_->open_connections() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ioc_->stop();
  for (auto& t : threads_) t.join();
  server_->release_io_objects();
  ioc_.reset();
  server_.reset();
  std::error_code ec;
  fs::remove_all(scenarios_, ec);
}

}  // namespace huddle::test
