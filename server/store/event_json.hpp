#pragma once
// The stored form of a journaled event: one JSON object per event, {"type": ..., fields}. This is what the
// embedded database keeps, and what the anonymity tests search: whatever is true of this text is true of
// the journal on disk.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/event.hpp"

namespace huddle::store {

nlohmann::json event_to_json(const core::Event& event);

// A stored event read back. Throws CorruptEvent naming what is wrong when the object is not one that
// event_to_json() could have written (a damaged or foreign database), so replay never guesses.
struct CorruptEvent : std::runtime_error {
  using std::runtime_error::runtime_error;
};
core::Event event_from_json(const nlohmann::json& stored);

}  // namespace huddle::store
