#pragma once
// The last frame of one topic for one audience (everyone, the facilitator, one participant) and the data it
// carries. A push renders into a new version only when its data differs from this, so a version stands for
// one content: it grows on every change and only then (PROTOCOL.md, "Conventions").
#include <cstdint>

#include <nlohmann/json.hpp>

#include "hub/shared_frame.hpp"

namespace huddle::hub {

struct RenderedTopic {
  std::uint64_t version = 0;  // 0 until the first render
  nlohmann::json data;
  SharedFrame frame;
};

}  // namespace huddle::hub
