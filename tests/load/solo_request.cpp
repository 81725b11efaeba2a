#include "solo_request.hpp"

#include "frame_summary.hpp"

namespace huddle::load {

void SoloRequest::start(const ServerUrl& url, const boost::asio::ip::address& source, nlohmann::json request, Done done) {
  request_ = std::move(request);
  request_["id"] = 2;
  done_ = std::move(done);
  outcome_ = {};
  hello_acked_ = false;
  started_ = now_us();
  client_.open(url.server, source, url.host, url.path, 0, [this](boost::system::error_code ec) {
    if (ec) return finish(false, "open: " + ec.message());
    outcome_.opened = true;
    client_.send(R"({"type":"hello","id":1,"protocol":1,"client":"huddle-load/1"})");
  });
}

void SoloRequest::on_message(WsClient&, const WsMessage& message) {
  const auto summary = FrameSummary::of(message);
  if (!done_ || !summary.id) return;  // pushes, or a reply after the outcome
  const bool ok = summary.kind == FrameSummary::Kind::ack;
  if (*summary.id == 1 && !hello_acked_) {
    if (!ok) return finish(false, "hello: " + std::string(summary.error_code));
    hello_acked_ = true;
    client_.send(request_.dump());
  } else if (*summary.id == 2 && hello_acked_) {
    finish(ok, std::string(summary.error_code));
  }
}

void SoloRequest::on_closed(WsClient&, const std::string& reason) {
  if (done_) finish(false, "closed: " + reason);
}

void SoloRequest::finish(bool acked, std::string code) {
  outcome_.acked = acked;
  outcome_.code = std::move(code);
  outcome_.took = now_us() - started_;
  // Cleared before the call: the handler may start this request again.
  auto done = std::move(done_);
  done_ = nullptr;
  done(outcome_);
}

}  // namespace huddle::load
