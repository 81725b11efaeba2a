// What each audience sees: participants never get the facilitator's notes or anyone's token.
#include <gtest/gtest.h>

#include "core/views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

class Views : public test::SessionFixture {};

TEST_F(Views, SharedViewsCarryNoSecretsOrNotes) {
  join("p1", "Dana");
  const std::string shared = session_view(state).dump() + roster_view(state).dump() + me_view(state, "p1", {}).dump();
  EXPECT_EQ(shared.find("hash-p1"), std::string::npos);
  EXPECT_EQ(shared.find("keyhash"), std::string::npos);
  EXPECT_EQ(shared.find("Greet people"), std::string::npos);  // a facilitator note
}

TEST_F(Views, FacilitatorViewHasTheNotesOfEveryPhase) {
  auto agenda = facilitator_view(state)["agenda"];
  ASSERT_EQ(agenda.size(), 3u);
  EXPECT_EQ(agenda[0]["notes"], "Greet people");
  EXPECT_EQ(agenda[2]["activity"], "cards");
}

TEST_F(Views, MeViewNeverSaysWhoItIsFor) {
  // It carries the participant's own anonymous ballot, so it must not also carry their identity.
  join("p1", "Dana");
  auto me = me_view(state, "p1", {});
  EXPECT_FALSE(me.contains("participantId"));
  EXPECT_FALSE(me.contains("name"));
  EXPECT_EQ(me.dump().find("Dana"), std::string::npos);
  EXPECT_EQ(me.dump().find("p1"), std::string::npos);
}

TEST_F(Views, UserTextIsCarriedAsPlainStrings) {
  join("p1", "<img src=x onerror=alert(1)>");
  EXPECT_EQ(roster_view(state)["participants"][0]["name"], "<img src=x onerror=alert(1)>");
}

}  // namespace
}  // namespace huddle::core
