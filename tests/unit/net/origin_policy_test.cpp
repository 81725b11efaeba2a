#include "net/origin_policy.hpp"

#include <gtest/gtest.h>

namespace huddle::net {
namespace {

TEST(OriginPolicy, SameOriginIsAllowed) {
  OriginPolicy policy({});
  EXPECT_TRUE(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(policy.allows("https://Huddle.Example.org", "huddle.example.org"));
}

TEST(OriginPolicy, OtherOriginsNeedToBeListed) {
  OriginPolicy policy({"https://workshop.example.org/"});
  EXPECT_TRUE(policy.allows("https://workshop.example.org", "127.0.0.1:8080"));
  EXPECT_FALSE(policy.allows("https://evil.example.com", "127.0.0.1:8080"));
  EXPECT_FALSE(policy.allows("http://127.0.0.1:8081", "127.0.0.1:8080"));
  EXPECT_FALSE(policy.allows("null", "127.0.0.1:8080"));
}

TEST(OriginPolicy, NonBrowserClientsWithoutOriginAreAllowed) { EXPECT_TRUE(OriginPolicy({}).allows("", "127.0.0.1:8080")); }

}  // namespace
}  // namespace huddle::net
