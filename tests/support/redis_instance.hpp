#pragma once
// A throwaway Redis for one test binary: Debian's redis-server on a free loopback port, with no files
// (no snapshot, no append-only log), stopped at exit. When redis-server is missing the tests that need it
// skip locally and fail under CI (scripts/setup.sh test installs it).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <istream>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace huddle::test {

class RedisInstance {
 public:
  static constexpr const char* binary = "/usr/bin/redis-server";

  // Whether a test may go on; false after GTEST_SKIP/FAIL has been called by `require()`.
  static bool available() { return std::filesystem::exists(binary); }

  RedisInstance() {
    port_ = free_port();
    start();
  }
  // Starts it again, empty, on the same port (as a restarted Redis without files comes back).
  void restart() {
    stop();
    start();
  }
  void start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      // Nothing of this process's own (its sockets above all) may live on in Redis: a restarted Redis would
      // otherwise hold the test's connections open after the server closed them.
      for (int fd = 3; fd < 65536; ++fd) ::close(fd);
      const std::string port = std::to_string(port_);
      ::execl(binary, binary, "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
              "--loglevel", "warning", "--logfile", "/dev/null", static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    // Ready when it answers PING (an event, not a sleep: each try is a real round trip).
    for (int i = 0; i < 500 && !answers(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~RedisInstance() { stop(); }
  RedisInstance(const RedisInstance&) = delete;
  RedisInstance& operator=(const RedisInstance&) = delete;

  unsigned short port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  // Sends one inline command and returns its reply: a bulk string's content ("" for nil), else the reply
  // line ("+PONG", ":1", "-ERR ...").
  std::string command(const std::string& request) const {
    try {
      boost::asio::io_context ioc;
      boost::asio::ip::tcp::socket socket(ioc);
      socket.connect({boost::asio::ip::make_address("127.0.0.1"), port_});
      boost::asio::write(socket, boost::asio::buffer(request + "\r\n"));
      boost::asio::streambuf buffer;
      boost::asio::read_until(socket, buffer, "\r\n");
      std::istream in(&buffer);
      std::string line;
      std::getline(in, line);
      line.pop_back();  // '\r'
      // A bulk string: its content ("" for nil); anything else: the line itself.
      if (line.empty() || line[0] != '$') return line;
      const long size = std::stol(line.substr(1));
      if (size < 0) return "";
      boost::asio::read_until(socket, buffer, "\r\n");
      std::string content;
      std::getline(in, content);
      content.pop_back();
      return content;
    } catch (const std::exception&) {
      return {};
    }
  }
  bool answers() const { return command("PING") == "+PONG"; }

 private:
  static unsigned short free_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
  }

  unsigned short port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace huddle::test
