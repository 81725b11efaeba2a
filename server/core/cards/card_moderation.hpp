#pragma once
// Whether released cards reach the room directly or wait for the facilitator's approval first.
namespace huddle::core {

enum class CardModeration {
  none,     // a released batch goes straight onto the board
  approve,  // a released batch goes to the facilitator's approval queue (still without authors)
};

}  // namespace huddle::core
