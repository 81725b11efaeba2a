#pragma once
// Time in core is a value passed in (milliseconds since the Unix epoch, server clock); core never reads a clock.
#include <cstdint>

namespace huddle::core {
using Millis = std::int64_t;
}
