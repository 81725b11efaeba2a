#include "metrics_scrape.hpp"

#include <chrono>
#include <sstream>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace huddle::load {

namespace beast = boost::beast;
namespace http = beast::http;

boost::asio::awaitable<MetricsScrape::Values> MetricsScrape::read() {
  Values values;
  beast::tcp_stream stream(executor_);
  stream.expires_after(std::chrono::seconds(5));
  boost::system::error_code ec;
  auto token = boost::asio::redirect_error(boost::asio::use_awaitable, ec);
  co_await stream.async_connect(url_.server, token);
  if (ec) co_return values;
  http::request<http::empty_body> request(http::verb::get, "/metrics", 11);
  request.set(http::field::host, url_.host);
  co_await http::async_write(stream, request, token);
  if (ec) co_return values;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, token);
  if (ec || response.result() != http::status::ok) co_return values;
  std::istringstream lines(response.body());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    try {
      values[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (const std::exception&) {
      // not a plain sample line; skip it
    }
  }
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  co_return values;
}

nlohmann::json MetricsScrape::delta(const Values& earlier, const Values& later) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : later) {
    const auto before = earlier.find(name);
    if (before == earlier.end()) continue;
    const auto key = name.rfind("huddle_", 0) == 0 ? name.substr(7) : name;
    out[key] = value - before->second;
  }
  return out;
}

}  // namespace huddle::load
