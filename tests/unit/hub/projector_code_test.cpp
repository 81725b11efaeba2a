// Projector codes: the same code for the same key and session, another for another; typed forms normalise; the
// session keeps a hash that the typed code matches.
#include <regex>

#include <gtest/gtest.h>

#include "hub/projector_code.hpp"
#include "hub/secrets.hpp"

namespace huddle::hub {
namespace {

TEST(ProjectorCode, IsStableForOneKeyAndSessionAndDiffersForAnother) {
  const std::string key = random_token(32);
  const std::string code = projector_code(key, "K7QX3M");
  EXPECT_TRUE(std::regex_match(code, std::regex("[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}(-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}){2}"))) << code;
  EXPECT_EQ(projector_code(key, "K7QX3M"), code);
  EXPECT_NE(projector_code(key, "K7QX3N"), code);
  EXPECT_NE(projector_code(random_token(32), "K7QX3M"), code);
  EXPECT_EQ(code.find(key.substr(0, 4)), std::string::npos);
}

TEST(ProjectorCode, TypedFormsNormaliseAndOthersAreRefused) {
  EXPECT_EQ(normalize_projector_code("abcd efgh jkmn"), "ABCDEFGHJKMN");
  EXPECT_EQ(normalize_projector_code("ABCD-EFGH-JKMN"), "ABCDEFGHJKMN");
  EXPECT_FALSE(normalize_projector_code("ABCD-EFGH-JKM"));
  EXPECT_FALSE(normalize_projector_code("ABCD-EFGH-JKMNP"));
  EXPECT_FALSE(normalize_projector_code("ABCD-EFGH-JKM0")) << "0 is not in the alphabet";
  EXPECT_FALSE(normalize_projector_code(""));
  EXPECT_EQ(projector_code_hash("abcd efgh jkmn"), projector_code_hash("ABCD-EFGH-JKMN"));
  EXPECT_EQ(projector_code_hash("ABCDEFGHJKMN"), sha256_hex("ABCDEFGHJKMN"));
  EXPECT_NE(projector_code_hash("nonsense"), projector_code_hash("ABCDEFGHJKMN"));
}

}  // namespace
}  // namespace huddle::hub
