using System.Text.Json;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Registry;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Events;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static readonly object _validChild = new
    {
        child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2015-09-01",
        kind = "both_parents_away", guardian = "entrusted",
    };

    private static RawEvent Raw(string type, object data, string? ts = null, string id = "e-1", int v = 1) =>
        new(id, type, v, ts ?? EventTimestamps.Format(_now), "test", data as string ?? JsonSerializer.Serialize(data));

    private static ParseResult Parse(RawEvent raw) => Geography.Parser.Parse(raw, _now);

    private static string SingleError(RawEvent raw)
    {
        var result = Parse(raw);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    public static TheoryData<string> AllTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in EventTypes.All)
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Parse_ValidEventOfEveryType_ReturnsEventWithEnvelope(string type)
    {
        var result = Parse(Raw(type, SampleEvents.DataFor(type)));

        Assert.True(result.IsValid, result.Reason);
        Assert.Empty(result.Errors);
        Assert.Equal(type, result.Event!.Meta.Type);
        Assert.Equal("e-1", result.Event.Meta.Id);
        Assert.Equal(_now, result.Event.Meta.Ts);
    }

    [Fact]
    public void Parse_CatalogV1_Has31Types()
    {
        Assert.Equal(31, EventTypes.All.Count);
        Assert.Equal(31, EventTypes.All.Distinct().Count());
    }

    [Fact]
    public void Parse_ChildRegistered_ReadsVillageTownshipAndWords()
    {
        var evt = Assert.IsType<ChildRegistered>(Parse(Raw(EventTypes.ChildRegistered, _validChild)).Event);

        Assert.Equal("c-1", evt.ChildId);
        Assert.Equal(Geography.ShenyangVillage, evt.VillageCode);
        Assert.Equal(Geography.ShenyangTownship, evt.TownshipCode);
        Assert.Equal(new DateOnly(2015, 9, 1), evt.BirthDate);
        Assert.Equal(LeftBehindKind.BothParentsAway, evt.Kind);
        Assert.Equal(GuardianArrangement.Entrusted, evt.Guardian);
    }

    [Fact]
    public void Parse_MissingId_ErrorNamesId()
    {
        Assert.Equal("id: required", SingleError(Raw(EventTypes.ChildRegistered, _validChild, id: " ")));
    }

    [Fact]
    public void Parse_UnknownType_ErrorNamesType()
    {
        var error = SingleError(Raw("child.teleported", _validChild));

        Assert.StartsWith("type:", error, StringComparison.Ordinal);
        Assert.Equal("type: not a known event type", error);
    }

    [Fact]
    public void Parse_Version2_ErrorNamesVersion()
    {
        var error = SingleError(Raw(EventTypes.ChildRegistered, _validChild, v: 2));

        Assert.Equal("v: version 2 is not supported (expected 1)", error);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00")]
    [InlineData("2026-03-02 10:00")]
    [InlineData("2026-03-02T10:00:00+0800")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Parse_TsWithoutOffset_ErrorNamesTs(string ts)
    {
        var error = SingleError(Raw(EventTypes.ChildRegistered, _validChild, ts: ts));

        Assert.StartsWith("ts:", error, StringComparison.Ordinal);
        Assert.Contains("ISO 8601 timestamp with offset", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TsWithChinaOffset_IsNormalisedToUtc()
    {
        var evt = Parse(Raw(EventTypes.ChildRegistered, _validChild, ts: "2026-03-02T10:00:00+08:00")).Event!;

        Assert.Equal(_now, evt.Meta.Ts);
        Assert.Equal(TimeSpan.Zero, evt.Meta.Ts.Offset);
    }

    [Fact]
    public void Parse_TsOneHourInFuture_ErrorSaysFuture()
    {
        var error = SingleError(Raw(EventTypes.ChildRegistered, _validChild, ts: EventTimestamps.Format(_now.AddHours(1))));

        Assert.StartsWith("ts:", error, StringComparison.Ordinal);
        Assert.Contains("in the future", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TsWithinClockSkew_IsAccepted()
    {
        var result = Parse(Raw(EventTypes.ChildRegistered, _validChild, ts: EventTimestamps.Format(_now.AddMinutes(9))));

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Parse_MalformedJsonData_ErrorNamesData()
    {
        var error = SingleError(Raw(EventTypes.ChildRegistered, "{\"child_id\": \"c-1\","));

        Assert.StartsWith("data: malformed JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"c-1\"")]
    [InlineData("42")]
    public void Parse_DataNotAnObject_ErrorNamesData(string data)
    {
        Assert.Equal("data: must be a JSON object", SingleError(Raw(EventTypes.ChildRegistered, data)));
    }

    [Fact]
    public void Parse_DataOver64KB_ErrorNamesDataAndLimit()
    {
        var big = JsonSerializer.Serialize(new { child_id = "c-1", note = new string('x', RawEvent.MaxDataBytes) });

        Assert.Equal("data: larger than 64 KB", SingleError(Raw(EventTypes.ChildExited, big)));
    }

    [Fact]
    public void Parse_UnknownVillageCode_ErrorNamesVillageCode()
    {
        var data = new { child_id = "c-1", village_code = "210123101999", birth_date = "2015-09-01", kind = "both_parents_away", guardian = "none" };

        Assert.Equal("data.village_code: not a known village code", SingleError(Raw(EventTypes.ChildRegistered, data)));
    }

    [Fact]
    public void Parse_UnknownTownshipCode_ErrorNamesTownshipCode()
    {
        var data = new { township_code = "210123999", quarter = "2025Q4" };

        Assert.Equal("data.township_code: not a known township code", SingleError(Raw(EventTypes.LedgerSubmitted, data)));
    }

    [Fact]
    public void Parse_ReportWithVillageOfAnotherTownship_ErrorNamesTownshipCode()
    {
        var data = new
        {
            report_id = "r-1", village_code = Geography.ChaoyangVillage, township_code = Geography.ShenyangTownship,
            category = "injury", reporter_type = "medical",
        };

        var error = SingleError(Raw(EventTypes.ReportFiled, data));

        Assert.StartsWith("data.township_code:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadEnumWord_ErrorListsAllowedWords()
    {
        var data = new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2015-09-01", kind = "orphan", guardian = "entrusted" };

        var error = SingleError(Raw(EventTypes.ChildRegistered, data));

        Assert.Equal("data.kind: not one of both_parents_away, one_parent_away_other_incapable", error);
    }

    [Fact]
    public void Parse_BadCategory_ErrorListsAllSevenCategories()
    {
        var data = new { report_id = "r-1", township_code = Geography.ShenyangTownship, category = "bullying", reporter_type = "school" };

        var error = SingleError(Raw(EventTypes.ReportFiled, data));

        Assert.StartsWith("data.category: not one of ", error, StringComparison.Ordinal);
        foreach (var word in CaseVocabulary.Categories.Words)
        {
            Assert.Contains(word, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_BirthDateMakingChild16_ErrorNamesBirthDate()
    {
        // 16th birthday on the event's day: no longer under 16.
        var data = new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2010-03-02", kind = "both_parents_away", guardian = "entrusted" };

        var error = SingleError(Raw(EventTypes.ChildRegistered, data));

        Assert.StartsWith("data.birth_date:", error, StringComparison.Ordinal);
        Assert.Contains("16 or older", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BirthDateOneDayBefore16_IsAccepted()
    {
        var data = new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2010-03-03", kind = "both_parents_away", guardian = "entrusted" };

        Assert.True(Parse(Raw(EventTypes.ChildRegistered, data)).IsValid);
    }

    [Fact]
    public void Parse_SixteenthBirthdayInChinaButNotYetInUtc_ErrorNamesBirthDate()
    {
        // 2026-03-01T17:00Z is 01:00 on 2 March in China: the child born 2010-03-02 has turned 16 there.
        var ts = "2026-03-02T01:00:00+08:00";
        var data = new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2010-03-02", kind = "both_parents_away", guardian = "entrusted" };

        var error = SingleError(Raw(EventTypes.ChildRegistered, data, ts: ts));

        Assert.StartsWith("data.birth_date:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BirthDateAfterEvent_ErrorNamesBirthDate()
    {
        var data = new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2026-03-03", kind = "both_parents_away", guardian = "entrusted" };

        Assert.Equal("data.birth_date: is after the event time", SingleError(Raw(EventTypes.ChildRegistered, data)));
    }

    [Fact]
    public void Parse_MissingRequiredField_ErrorNamesField()
    {
        var data = new { village_code = Geography.ShenyangVillage, birth_date = "2015-09-01", kind = "both_parents_away", guardian = "entrusted" };

        Assert.Equal("data.child_id: required", SingleError(Raw(EventTypes.ChildRegistered, data)));
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEachOne()
    {
        var result = Parse(Raw(EventTypes.ChildRegistered, new { village_code = Geography.ShenyangVillage, kind = "x" }));

        Assert.False(result.IsValid);
        Assert.Contains("data.child_id: required", result.Errors);
        Assert.Contains("data.birth_date: required", result.Errors);
        Assert.Contains("data.guardian: required", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("data.kind:", StringComparison.Ordinal));
        Assert.Contains("data.child_id: required", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LonWithoutLat_ErrorNamesLon()
    {
        var data = new { report_id = "r-1", township_code = Geography.ShenyangTownship, lon = 123.4, category = "injury", reporter_type = "school" };

        Assert.Equal("data.lon: lon and lat go together", SingleError(Raw(EventTypes.ReportFiled, data)));
    }

    [Fact]
    public void Parse_ReportWithoutPlace_ErrorAsksForTownshipOrVillage()
    {
        var data = new { report_id = "r-1", category = "injury", reporter_type = "school" };

        Assert.Equal("data.township_code: township_code or village_code is required", SingleError(Raw(EventTypes.ReportFiled, data)));
    }

    [Fact]
    public void Parse_EscortToInstitutionWithoutId_ErrorNamesInstitutionId()
    {
        var data = new { report_id = "r-1", to = "institution" };

        Assert.Equal("data.institution_id: required when to is institution", SingleError(Raw(EventTypes.CaseChildEscorted, data)));
    }

    [Fact]
    public void Parse_BadQuarter_ErrorShowsExpectedForm()
    {
        var data = new { township_code = Geography.ShenyangTownship, quarter = "2025-4" };

        Assert.Equal("data.quarter: not a quarter like 2026Q3", SingleError(Raw(EventTypes.LedgerSubmitted, data)));
    }

    [Fact]
    public void Parse_UnknownExtraFields_AreIgnored()
    {
        var data = new
        {
            child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2015-09-01",
            kind = "both_parents_away", guardian = "entrusted",
            school_name = "小城子中心小学", tags = new[] { "a", "b" }, nested = new { x = 1 },
        };

        var result = Parse(Raw(EventTypes.ChildRegistered, data));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("c-1", Assert.IsType<ChildRegistered>(result.Event).ChildId);
    }

    [Fact]
    public void Parse_ReportWithVillageOnly_TakesTownshipFromVillage()
    {
        var evt = Assert.IsType<ReportFiled>(Parse(Raw(EventTypes.ReportFiled, SampleEvents.DataFor(EventTypes.ReportFiled))).Event);

        Assert.Equal(Geography.ChaoyangTownship, evt.TownshipCode);
        Assert.Equal(ReportCategory.LivingAlone, evt.Category);
        Assert.Equal(_now, evt.ReceivedAt); // received_at defaults to ts
    }

    [Fact]
    public void Parse_VillageCodeAsNumber_OneErrorNamingVillageCode()
    {
        var data = new { child_id = "c-1", village_code = 210123101200, birth_date = "2015-09-01", kind = "both_parents_away", guardian = "entrusted" };

        Assert.Equal("data.village_code: must be a string", SingleError(Raw(EventTypes.ChildRegistered, data)));
    }

    [Fact]
    public void Parse_LoneSurrogateEscapeInAnId_ErrorNamingTheFieldInsteadOfAnException()
    {
        // Valid JSON, but no text: reading it threw out of the parser instead of giving a dead-letter reason.
        var raw = Raw(EventTypes.CaseAcknowledged, """{"report_id": "r-\ud800"}""");

        Assert.Equal("data.report_id: is not valid Unicode text (a lone surrogate escape)", SingleError(raw));
    }
}
