// The web root is the only part of the disk the server shows: no path leaves it.
#include "net/static_files.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace huddle::net {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  fs::path base = fs::temp_directory_path() / ("huddle-static-" + std::to_string(::getpid()));
  fs::path root = base / "web";
  void SetUp() override {
    fs::create_directories(root / "css");
    std::ofstream(root / "index.html") << "<!doctype html>";
    std::ofstream(root / "css" / "a.css") << "body{}";
    std::ofstream(base / "secret.txt") << "secret";
    fs::create_symlink(base / "secret.txt", root / "link.txt");
  }
  void TearDown() override { fs::remove_all(base); }
};

TEST_F(StaticFilesTest, ServesFilesUnderTheRoot) {
  StaticFiles files(root);
  EXPECT_EQ(files.resolve("/")->filename(), "index.html");
  EXPECT_EQ(files.resolve("/css/a.css?v=2")->filename(), "a.css");
  EXPECT_EQ(files.resolve("/css/%61.css")->filename(), "a.css");
}

TEST_F(StaticFilesTest, RefusesEveryWayOut) {
  StaticFiles files(root);
  for (const char* target : {"/../secret.txt", "/css/../../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt",
                             "/%2E%2E%2Fsecret.txt", "/css/..\\..\\secret.txt", "/link.txt", "/index.html%00.css",
                             "//etc/passwd", "/nope.html", "/css", "secret.txt", "/%zz"}) {
    EXPECT_FALSE(files.resolve(target)) << target;
  }
}

TEST_F(StaticFilesTest, ContentTypes) {
  EXPECT_EQ(StaticFiles::content_type("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticFiles::content_type("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::content_type("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::content_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(StaticFiles::content_type("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace huddle::net
