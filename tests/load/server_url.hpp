#pragma once
// Where the clients connect: a ws://HOST:PORT/PATH URL split into what the socket and the upgrade need.
// Only numeric IPv4 hosts: the tool talks to servers on this machine's loopback.
#include <string>

#include <boost/asio/ip/tcp.hpp>

namespace huddle::load {

struct ServerUrl {
  boost::asio::ip::tcp::endpoint server;
  std::string host;  // HOST:PORT, for the Host header
  std::string path;  // e.g. /ws

  // Throws std::invalid_argument naming what is wrong.
  static ServerUrl parse(const std::string& url);
};

}  // namespace huddle::load
