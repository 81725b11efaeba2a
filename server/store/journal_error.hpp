#pragma once
// The error every journal throws when its store cannot be opened or used, or what it holds cannot be read
// back faithfully.
#include <stdexcept>

namespace huddle::store {

// The store cannot be opened or is damaged; the message says which store and what is wrong.
struct JournalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace huddle::store
