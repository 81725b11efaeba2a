// The programme report as CSV: RFC 4180 quoting and no formula a spreadsheet would run.
#include <gtest/gtest.h>

#include "cohort_fixture.hpp"
#include "core/programme/programme_report_csv.hpp"

namespace huddle::core::test {
namespace {

using nlohmann::json;

TEST_F(CohortFixture, TheReportAsCsvQuotesTextAndDefusesFormulas) {
  ASSERT_FALSE(cohort.enrol("m-1", "=HYPERLINK(\"x\")", "t1", "f1", now));
  enrol_all({"Bo", "Cy"});
  now = start;
  start_session(1);
  cohort.attended(1, "m-1");
  ASSERT_FALSE(answer("Bo", 1, text("+1 \"quoted\", and a comma")));
  ASSERT_FALSE(answer("Cy", 1, text("-minus\nsecond line")));
  ASSERT_FALSE(cohort.answer_task("m-1", 1, text("@at"), 3, now));
  json report = cohort.report(now);
  report["repeatedPolls"] = json::array({{{"question", "Confidence?"}, {"kind", "scale"},
                                          {"asked", {{{"session", 1}, {"code", "CODE1"}, {"votes", 3},
                                                      {"results", {{"options", {{{"option", "=low"}, {"count", 2}}}}}}}}}}});
  const std::string csv = programme_report_csv(report);
  EXPECT_EQ(csv.rfind("section,session,title,item,detail,count,of\r\n", 0), 0u);
  EXPECT_NE(csv.find("attendance,1,\"Coaching basics\",,,1,3\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("person,1,\"'=HYPERLINK(\"\"x\"\")\",\"attended\",\"task done\",,\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'+1 \"\"quoted\"\", and a comma\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'-minus\nsecond line\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'@at\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("task,1,,,,3,3\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("repeated poll option,1,\"Confidence?\",\"'=low\",\"CODE1\",2,\r\n"), std::string::npos) << csv;
  // Every unquoted cell is a number or a section name: no cell starts a formula.
  EXPECT_EQ(csv.find(",="), std::string::npos);
  EXPECT_EQ(csv.find(",\"="), std::string::npos);
}

TEST(ProgrammeReportCsv, APartialReportGivesTheHeaderAndWhatThereIs) {
  EXPECT_EQ(programme_report_csv(json::object()), "section,session,title,item,detail,count,of\r\n");
  EXPECT_EQ(programme_report_csv(json{{"tasks", {{{"session", 2}}}}, {"people", "odd"}}),
            "section,session,title,item,detail,count,of\r\ntask,2,,,,,\r\n");
}

}  // namespace
}  // namespace huddle::core::test
