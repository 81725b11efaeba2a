#include "net/webhook_sender.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include "hub/secrets.hpp"
#include "net/webhook_delivery.hpp"

namespace huddle::net {

namespace http = boost::beast::http;

WebhookSender::WebhookSender(boost::asio::any_io_executor executor, std::vector<std::string> allowed_hosts,
                             WebhookOptions options)
    : executor_(std::move(executor)), allowed_hosts_(std::move(allowed_hosts)), options_(std::move(options)) {}

std::optional<std::string> WebhookSender::check_url(std::string_view url, const std::vector<std::string>& allowed_hosts) {
  auto parsed = WebhookUrl::parse(url, allowed_hosts);
  if (auto* why = std::get_if<std::string>(&parsed)) return std::move(*why);
  return std::nullopt;
}

std::optional<std::string> WebhookSender::check_allowed_host(std::string_view entry) {
  if (WebhookUrl::normalize_authority(entry)) return std::nullopt;
  return "--webhook-allow: \"" + std::string(entry) + "\" is not a host name or address with an optional :port.";
}

void WebhookSender::send(std::string url, std::string secret, std::string body, std::function<void(bool)> done) {
  // Checked again now: the URL may have been stored before the operator narrowed the list.
  auto parsed = WebhookUrl::parse(url, allowed_hosts_);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    spdlog::warn("webhook not sent: {}", *why);
    if (done) boost::asio::post(executor_, [done = std::move(done)] { done(false); });
    return;
  }
  auto& target = std::get<WebhookUrl>(parsed);
  WebhookDelivery::Request request{http::verb::post, target.target, 11};
  request.set(http::field::host, target.host_header());
  request.set(http::field::user_agent, "huddle");
  request.set(http::field::content_type, "application/json");
  request.set("X-Huddle-Signature", "sha256=" + hub::hmac_sha256_hex(secret, body));
  // One request per connection: a notice every few days needs no pool.
  request.set(http::field::connection, "close");
  request.body() = std::move(body);
  request.prepare_payload();
  std::make_shared<WebhookDelivery>(boost::asio::make_strand(executor_), std::move(target), std::move(request), options_,
                                    std::move(done))
      ->start();
}

}  // namespace huddle::net
