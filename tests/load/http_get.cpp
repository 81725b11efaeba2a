#include "http_get.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace huddle::load {

namespace beast = boost::beast;
namespace http = beast::http;

boost::asio::awaitable<HttpGetResult> http_get(boost::asio::any_io_executor executor, const ServerUrl& url,
                                               const std::string& path, std::chrono::milliseconds timeout) {
  HttpGetResult result;
  const auto started = now_us();
  beast::tcp_stream stream(std::move(executor));
  stream.expires_after(timeout);
  boost::system::error_code ec;
  auto token = boost::asio::redirect_error(boost::asio::use_awaitable, ec);
  co_await stream.async_connect(url.server, token);
  http::request<http::empty_body> request(http::verb::get, path, 11);
  request.set(http::field::host, url.host);
  if (!ec) co_await http::async_write(stream, request, token);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) co_await http::async_read(stream, buffer, response, token);
  result.took = now_us() - started;
  if (ec) {
    result.error = ec.message();
    co_return result;
  }
  result.status = static_cast<int>(response.result_int());
  result.body = std::move(response.body());
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  co_return result;
}

}  // namespace huddle::load
