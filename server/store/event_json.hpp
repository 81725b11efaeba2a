#pragma once
// The stored form of a journaled event: one JSON object per event, {"type": ..., fields}. This is what the
// embedded database keeps (issue 6 adds the reading side), and what the anonymity tests search: whatever
// is true of this text is true of the journal on disk.
#include <nlohmann/json.hpp>

#include "core/event.hpp"

namespace huddle::store {

nlohmann::json event_to_json(const core::Event& event);

}  // namespace huddle::store
