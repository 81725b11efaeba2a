#pragma once
// A serialized frame shared, unchanged, by every connection it goes to.
#include <memory>
#include <string>

namespace huddle::hub {
using SharedFrame = std::shared_ptr<const std::string>;
}
