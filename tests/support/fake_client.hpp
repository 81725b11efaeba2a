#pragma once
// A hub::Client that records what the hub sends it, for tests without sockets.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hub/client.hpp"

namespace huddle::test {

class FakeClient : public hub::Client {
 public:
  void send_reply(std::string frame) override { replies.push_back(nlohmann::json::parse(frame)); }
  // A patch is recorded in `patches`, and in `pushes` as the whole push it stands for (what its client then holds).
  void send_state(hub::Topic topic, hub::SharedFrame frame) override {
    if (frame->whole()) {
      patches.emplace_back(topic, frame);
      pushes.emplace_back(topic, frame->whole());
      return;
    }
    pushes.emplace_back(topic, std::move(frame));
  }
  void close(std::uint16_t code, std::string reason) override { closes.emplace_back(code, std::move(reason)); }

  std::vector<hub::SharedFrame> pushes_of(hub::Topic topic) const {
    std::vector<hub::SharedFrame> out;
    for (const auto& [t, f] : pushes) {
      if (t == topic) out.push_back(f);
    }
    return out;
  }
  nlohmann::json latest(hub::Topic topic) const {
    auto all = pushes_of(topic);
    return all.empty() ? nlohmann::json() : nlohmann::json::parse(all.back()->payload());
  }

  std::vector<nlohmann::json> replies;
  std::vector<std::pair<hub::Topic, hub::SharedFrame>> pushes;
  std::vector<std::pair<hub::Topic, hub::SharedFrame>> patches;
  std::vector<std::pair<std::uint16_t, std::string>> closes;
};

}  // namespace huddle::test
