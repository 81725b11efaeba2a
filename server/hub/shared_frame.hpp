#pragma once
// A serialized frame shared, unchanged, by every connection it goes to.
#include <memory>

#include "hub/push_frame.hpp"

namespace huddle::hub {
using SharedFrame = std::shared_ptr<const PushFrame>;
}
