using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Events;

/// <summary>
/// Ids and reasons end up in the server's log and in the dead-letter stream. An id carrying CR/LF would let a
/// producer forge a log line ("…\n2026-03-02 INFO admin signed in"), and a reason quoting a payload value would
/// put a child's id into the log: both are refused here, at validation.
/// </summary>
public sealed class IdSafetyTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static ParseResult Parse(string type, object data, string id = "e-1", string src = "test") =>
        Geography.Parser.Parse(new RawEvent(id, type, 1, EventTimestamps.Format(s_now), src, JsonSerializer.Serialize(data)), s_now);

    [Theory]
    [InlineData("c-1\r\nforged")]
    [InlineData("c-1\nforged")]
    [InlineData("c-1\u0000")]
    [InlineData("c-1\u001b[31m")]
    [InlineData("c-1\u2028forged")]
    [InlineData("c-1\u202efdp")]
    public void Parse_ChildIdWithControlCharacters_RefusedNamingTheFieldOnly(string childId)
    {
        var result = Parse(EventTypes.DropoutReported, new { child_id = childId });

        Assert.False(result.IsValid);
        Assert.Equal("data.child_id: must not contain control characters", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_EventIdOrSourceWithLineBreak_Refused()
    {
        var badId = Parse(EventTypes.DropoutReported, new { child_id = "c-1" }, id: "e-1\r\nforged");
        var badSrc = Parse(EventTypes.DropoutReported, new { child_id = "c-1" }, src: "school\nforged");

        Assert.Equal("id: must not contain control characters", Assert.Single(badId.Errors));
        Assert.Equal("src: must not contain control characters", Assert.Single(badSrc.Errors));
    }

    [Fact]
    public void Parse_ReportIdWithLineBreak_RefusedOnEveryCaseStep()
    {
        var filed = Parse(EventTypes.ReportFiled, new
        {
            report_id = "r-1\r\nforged", township_code = Geography.ShenyangTownship, category = "missing", reporter_type = "school",
        });
        var step = Parse(EventTypes.CaseAcknowledged, new { report_id = "r-1\nforged" });

        Assert.Equal("data.report_id: must not contain control characters", Assert.Single(filed.Errors));
        Assert.Equal("data.report_id: must not contain control characters", Assert.Single(step.Errors));
    }

    [Fact]
    public void Parse_IdsWithOrdinaryPunctuationAndChinese_StillAccepted()
    {
        var result = Parse(EventTypes.DropoutReported, new { child_id = "康平-2026/07:c_1 #3" });

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Parse_BadValuesEverywhere_ReasonNeverQuotesAValue()
    {
        // Every field wrong, each value carrying a line break: the reason is one line naming fields and rules.
        var results = new[]
        {
            Parse("child.teleported\r\nforged", new { child_id = "c-1" }),
            Parse(EventTypes.ChildRegistered, new
            {
                child_id = "c-1", village_code = "2101\nforged", birth_date = "2015\nforged", kind = "orphan\nforged", guardian = "x\nforged",
            }),
            Parse(EventTypes.ReportFiled, new
            {
                report_id = "r-1", township_code = "2101\nforged", category = "missing", reporter_type = "school",
                lon = 200.123456, lat = 41.98765, discovered_at = "yesterday\nforged",
            }),
            Parse(EventTypes.LedgerSubmitted, new { township_code = Geography.ShenyangTownship, quarter = "Q\nforg" }),
            Parse(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "medium", services = new[] { "x\nforged" } }),
            Geography.Parser.Parse(new RawEvent("e-1", EventTypes.DropoutReported, 1, "now\nforged", "test", "{}"), s_now),
            Geography.Parser.Parse(new RawEvent("e-1", EventTypes.DropoutReported, 1, EventTimestamps.Format(s_now), "test", "{\"child_id\":\u0001}"), s_now),
        };

        foreach (var result in results)
        {
            Assert.False(result.IsValid);
            Assert.DoesNotContain("forged", result.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("200.12", result.Reason, StringComparison.Ordinal);
            Assert.False(IdText.HasControlCharacters(result.Reason), result.Reason);
        }
    }
}
