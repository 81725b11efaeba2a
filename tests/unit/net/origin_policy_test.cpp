#include "net/origin_policy.hpp"

#include <gtest/gtest.h>

namespace huddle::net {
namespace {

TEST(OriginPolicy, ThePublicOriginIsAllowedComparedWhole) {
  OriginPolicy policy({});
  policy.set_public({"https://Huddle.Example.org"});
  EXPECT_TRUE(policy.allows("https://huddle.example.org"));
  EXPECT_TRUE(policy.allows("https://huddle.example.org:443")) << "the default port is the same origin";
  EXPECT_FALSE(policy.allows("http://huddle.example.org")) << "another scheme";
  EXPECT_FALSE(policy.allows("https://huddle.example.org:8443")) << "another port";
  EXPECT_FALSE(policy.allows("https://huddle.example.org.evil.com"));
  EXPECT_FALSE(policy.allows("https://evil.com")) << "whatever Host the browser was made to send";
}

TEST(OriginPolicy, OtherOriginsNeedToBeListed) {
  OriginPolicy policy({"https://workshop.example.org/"});
  policy.set_public(OriginPolicy::defaults_for("127.0.0.1", 8080, false));
  EXPECT_TRUE(policy.allows("https://workshop.example.org"));
  EXPECT_TRUE(policy.allows("http://127.0.0.1:8080"));
  EXPECT_TRUE(policy.allows("http://localhost:8080"));
  EXPECT_FALSE(policy.allows("https://evil.example.com"));
  EXPECT_FALSE(policy.allows("http://127.0.0.1:8081"));
  EXPECT_FALSE(policy.allows("null"));
  EXPECT_FALSE(policy.allows("http://user@127.0.0.1:8080"));
}

TEST(OriginPolicy, DefaultsFollowTheBindAddressAndScheme) {
  EXPECT_EQ(OriginPolicy::defaults_for("127.0.0.1", 9000, true),
            (std::vector<std::string>{"https://127.0.0.1:9000", "https://localhost:9000", "https://127.0.0.1:9000", "https://[::1]:9000"}));
  EXPECT_EQ(OriginPolicy::defaults_for("203.0.113.5", 80, false), (std::vector<std::string>{"http://203.0.113.5:80"}))
      << "a public address: only itself (name the site with --public-origin)";
}

TEST(OriginPolicy, NormalizeRefusesWhatIsNotAnOrigin) {
  EXPECT_EQ(OriginPolicy::normalize("HTTP://[::1]:80/"), "http://[::1]:80");
  EXPECT_FALSE(OriginPolicy::normalize("ftp://example.org"));
  EXPECT_FALSE(OriginPolicy::normalize("https://example.org/path"));
  EXPECT_FALSE(OriginPolicy::normalize("https://example.org:99999"));
  EXPECT_FALSE(OriginPolicy::normalize("https://"));
}

TEST(OriginPolicy, NonBrowserClientsWithoutOriginAreAllowed) { EXPECT_TRUE(OriginPolicy({}).allows("")); }

}  // namespace
}  // namespace huddle::net
