// CardWriters: who counts toward a pen's K (card_writers.hpp). One person under several identities must
// never fill more than their own place.
#include "hub/card_writers.hpp"

#include <set>

#include <gtest/gtest.h>

namespace huddle::hub {
namespace {

TEST(CardWriters, ALeaverNoLongerCountsButTheirCardsStayUncounted) {
  CardWriters w;
  auto everyone = [](const std::string&) { return true; };
  w.wrote("victim", 2, 0);
  w.wrote("mallory-1", 2, 0);
  EXPECT_EQ(w.writers_waiting(2, everyone), 2u);
  w.forget("mallory-1");  // left
  EXPECT_EQ(w.writers_waiting(2, everyone), 1u);
  EXPECT_EQ(w.writers_waiting_with("mallory-2", 2, everyone), 2u);  // the new identity is one writer, not two
}

TEST(CardWriters, OnlyWritersWithAConnectionCount) {
  CardWriters w;
  std::set<std::string> connected = {"victim", "mallory-2"};
  auto present = [&](const std::string& id) { return connected.contains(id); };
  w.wrote("victim", 2, 0);
  w.wrote("mallory-1", 2, 0);  // closed the socket, did not leave
  EXPECT_EQ(w.writers_waiting(2, present), 1u);
  EXPECT_EQ(w.writers_waiting_with("mallory-2", 2, present), 2u);
  connected.insert("mallory-1");  // came back: counts again
  EXPECT_EQ(w.writers_waiting(2, present), 2u);
}

TEST(CardWriters, AReleaseEmptiesThePenOfWriters) {
  CardWriters w;
  auto everyone = [](const std::string&) { return true; };
  w.wrote("a", 2, 0);
  w.wrote("b", 3, 0);
  w.released(2);
  EXPECT_EQ(w.writers_waiting(2, everyone), 0u);
  EXPECT_EQ(w.writers_waiting(3, everyone), 1u);
}

}  // namespace
}  // namespace huddle::hub
