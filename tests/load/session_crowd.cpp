#include "session_crowd.hpp"

#include "frame_summary.hpp"

namespace huddle::load {

SessionCrowd::SessionCrowd(boost::asio::io_context& ioc, const ServerUrl& url, SourceAddresses sources,
                           std::string name_prefix, Condition& changed)
    : sources_(std::move(sources)),
      pool_(ioc, *this, sources_, url, errors_),
      name_prefix_(std::move(name_prefix)),
      changed_(changed) {}

void SessionCrowd::join(const std::string& code, std::size_t count, std::size_t concurrency) {
  code_ = code;
  participants_.resize(participants_.size() + count);
  pool_.open(count, concurrency, nullptr, [this](WsClient& client) {
    send_raw(client.index(), Participant::Waiting::hello, {{"type", "hello"}, {"protocol", 1}, {"client", "huddle-load/1"}});
  });
}

bool SessionCrowd::ready(std::uint32_t index) const {
  const auto& p = participants_[index];
  return p.counts() && p.waiting == Participant::Waiting::nothing;
}

void SessionCrowd::send(std::uint32_t index, nlohmann::json request) {
  send_raw(index, Participant::Waiting::request, std::move(request));
}

void SessionCrowd::send_raw(std::uint32_t index, Participant::Waiting waiting, nlohmann::json request) {
  auto& p = participants_[index];
  p.awaiting_id = p.next_id++;
  p.waiting = waiting;
  request["id"] = p.awaiting_id;
  p.sent_at = now_us();
  pool_.clients()[index]->send(request.dump());
}

void SessionCrowd::on_message(WsClient& client, const WsMessage& message) {
  const auto summary = FrameSummary::of(message);
  if (summary.kind == FrameSummary::Kind::unknown) errors_.unreadable_frame();
  auto& p = participants_[client.index()];
  if (!summary.id || *summary.id != p.awaiting_id || p.waiting == Participant::Waiting::nothing) return;
  const bool ok = summary.kind == FrameSummary::Kind::ack;
  const auto waiting = p.waiting;
  p.waiting = Participant::Waiting::nothing;
  switch (waiting) {
    case Participant::Waiting::hello:
      if (ok) {
        return send_raw(client.index(), Participant::Waiting::join,
                        {{"type", "join"}, {"code", code_}, {"name", name_prefix_ + std::to_string(client.index() + 1)}});
      }
      errors_.error_reply("hello: " + std::string(summary.error_code));
      pool_.settled(false);
      break;
    case Participant::Waiting::join:
      if (ok) {
        p.joined = true;
        ++joined_;
      } else {
        errors_.error_reply("join: " + std::string(summary.error_code));
      }
      pool_.settled(ok);
      break;
    case Participant::Waiting::request:
      if (on_reply_) on_reply_(client.index(), ok, summary.error_code, message.at - p.sent_at);
      break;
    case Participant::Waiting::nothing:
      break;
  }
  changed_.notify();
}

void SessionCrowd::on_closed(WsClient& client, const std::string& reason) {
  auto& p = participants_[client.index()];
  p.closed = true;
  errors_.closed(reason);
  const auto waiting = p.waiting;
  p.waiting = Participant::Waiting::nothing;
  if (waiting == Participant::Waiting::hello || waiting == Participant::Waiting::join) pool_.settled(false);
  if (waiting == Participant::Waiting::request && on_reply_) on_reply_(client.index(), false, "closed", now_us() - p.sent_at);
  changed_.notify();
}

void SessionCrowd::close() {
  for (auto& client : pool_.clients()) client->close();
}

}  // namespace huddle::load
