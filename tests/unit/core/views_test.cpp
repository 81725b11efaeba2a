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

TEST_F(Views, MeViewIsTheParticipantThemself) {
  join("p1", "Dana");
  auto me = me_view(state, "p1", {});
  EXPECT_EQ(me["participantId"], "p1");
  EXPECT_EQ(me["name"], "Dana");
}

TEST_F(Views, UserTextIsCarriedAsPlainStrings) {
  join("p1", "<img src=x onerror=alert(1)>");
  EXPECT_EQ(roster_view(state)["participants"][0]["name"], "<img src=x onerror=alert(1)>");
}

}  // namespace
}  // namespace huddle::core
