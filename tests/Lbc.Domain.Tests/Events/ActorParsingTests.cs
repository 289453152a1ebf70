using System.Text.Json;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Events;

/// <summary>
/// <c>data.actor</c>: who recorded a step. The case view and every 409 show this name to other officers, so a
/// name that breaks lines or reverses text must never get in.
/// </summary>
public sealed class ActorParsingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static ParseResult Parse(string type, object data) =>
        Geography.Parser.Parse(new RawEvent("e-1", type, 1, EventTimestamps.Format(s_now), "police-console-2113",
            data as string ?? JsonSerializer.Serialize(data)), s_now);

    private static Dictionary<string, object?> WithActor(string type, object? actor)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(SampleEvents.DataFor(type)))!;
        data["actor"] = actor;
        return data;
    }

    public static TheoryData<string> ActorTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in EventTypes.All.Where(Actor.MayCarry))
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ActorTypes))]
    public void Parse_StepWithActor_ActorOnTheEvent(string type)
    {
        var result = Parse(type, WithActor(type, new { username = "zy-duty-0457", display_name = "王警官 (朝阳县公安局值班)" }));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(new Actor("zy-duty-0457", "王警官 (朝阳县公安局值班)"), result.Event!.Meta.Actor);
    }

    [Fact]
    public void MayCarry_CaseAssessmentPlacementServiceInterventionAndAlert_Exactly()
    {
        string[] expected =
        [
            EventTypes.CaseAcknowledged, EventTypes.CaseDispatched, EventTypes.CaseOnScene, EventTypes.CaseParentsContacted,
            EventTypes.CaseChildEscorted, EventTypes.CaseSearchStarted, EventTypes.CaseChildFound, EventTypes.CaseTownshipNotified,
            EventTypes.CaseClosed, EventTypes.PlacementRequested, EventTypes.PlacementAssigned, EventTypes.PlacementAdmitted,
            EventTypes.PlacementEnded, EventTypes.AssessmentOpened, EventTypes.AssessmentCompleted, EventTypes.ServiceArranged,
            EventTypes.InterventionRecorded, EventTypes.AlertAcknowledged, EventTypes.AlertMuted,
        ];

        Assert.Equal(expected.Order(), EventTypes.All.Where(Actor.MayCarry).Order());
    }

    [Fact]
    public void Parse_StepWithoutActor_NoActorAndStillValid()
    {
        var result = Parse(EventTypes.CaseAcknowledged, new { report_id = "r-1" });

        Assert.True(result.IsValid, result.Reason);
        Assert.Null(result.Event!.Meta.Actor);
    }

    [Fact]
    public void Parse_ActorOnARegistryEvent_IgnoredLikeAnyUnknownField()
    {
        var result = Parse(EventTypes.ChildUpdated, WithActor(EventTypes.ChildUpdated, "not even an object"));

        Assert.True(result.IsValid, result.Reason);
        Assert.Null(result.Event!.Meta.Actor);
    }

    [Fact]
    public void Parse_ActorNamesTrimmed_AndEmojiPairAccepted()
    {
        var result = Parse(EventTypes.CaseDispatched, WithActor(EventTypes.CaseDispatched, new { username = "  li-0112 ", display_name = "李警官 👮" }));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(new Actor("li-0112", "李警官 👮"), result.Event!.Meta.Actor);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("tab\tinside")]
    [InlineData("\u001b[31mred")]
    [InlineData("nul\u0000")]
    [InlineData("next-line\u0085")]
    [InlineData("admin\u202Eevil")]      // right-to-left override: shows as someone else's name
    [InlineData("zero\u200Bwidth")]
    public void Parse_ActorNameWithControlCharacter_RefusedNamingTheField(string name)
    {
        var result = Parse(EventTypes.CaseAcknowledged, WithActor(EventTypes.CaseAcknowledged, new { username = "ok-user", display_name = name }));

        Assert.False(result.IsValid);
        Assert.Equal("data.actor.display_name: must not contain control or format characters", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_ActorUsernameWithLineBreakAtTheEnd_RefusedNotTrimmedAway()
    {
        var result = Parse(EventTypes.CaseAcknowledged, WithActor(EventTypes.CaseAcknowledged, new { username = "forged\n", display_name = "x" }));

        Assert.Equal("data.actor.username: must not contain control or format characters", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_ActorWithLoneSurrogate_Refused()
    {
        var json = """{"report_id": "r-1", "actor": {"username": "u\ud800x", "display_name": "d"}}""";

        var result = Parse(EventTypes.CaseAcknowledged, json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("data.actor.username:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ActorWithoutDisplayName_RequiredNamingTheField()
    {
        var result = Parse(EventTypes.CaseOnScene, WithActor(EventTypes.CaseOnScene, new { username = "zy-duty-0457" }));

        Assert.Equal("data.actor.display_name: required", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_ActorUsernameOf129Characters_Refused_128Accepted()
    {
        var tooLong = Parse(EventTypes.CaseOnScene, WithActor(EventTypes.CaseOnScene, new { username = new string('u', 129), display_name = "d" }));
        var longest = Parse(EventTypes.CaseOnScene, WithActor(EventTypes.CaseOnScene, new { username = new string('u', 128), display_name = "d" }));

        Assert.Equal("data.actor.username: longer than 128 characters", Assert.Single(tooLong.Errors));
        Assert.True(longest.IsValid, longest.Reason);
    }

    [Theory]
    [InlineData("\"zy-duty-0457\"")]
    [InlineData("[\"zy-duty-0457\"]")]
    public void Parse_ActorNotAnObject_Refused(string actorJson)
    {
        var result = Parse(EventTypes.CaseClosed, $$"""{"report_id": "r-1", "outcome": "ok", "actor": {{actorJson}}}""");

        Assert.Equal("data.actor: must be an object with username and display_name", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_ActorEmptyUsernameAndOtherFieldBad_EveryProblemReported()
    {
        var result = Parse(EventTypes.CaseParentsContacted, """{"report_id": "r-1", "reached": "yes", "actor": {"username": " ", "display_name": "d"}}""");

        Assert.Equal(["data.actor.username: must not be empty", "data.reached: must be true or false"], result.Errors);
    }

    [Theory]
    [InlineData(EventTypes.CaseOnScene)]
    [InlineData(EventTypes.CaseChildEscorted)]
    public void Parse_SeriousHarmAndNoCarer_ReadOnTheStep(string type)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(SampleEvents.DataFor(type)))!;
        data["serious_harm"] = true;
        data["no_carer"] = false;

        var step = Assert.IsType<CaseProgressed>(Parse(type, data).Event);

        Assert.True(step.SeriousHarm);
        Assert.False(step.NoCarer);
    }

    [Fact]
    public void Parse_SeriousHarmNotABoolean_RefusedNamingTheField()
    {
        var result = Parse(EventTypes.CaseOnScene, """{"report_id": "r-1", "serious_harm": "yes"}""");

        Assert.Equal("data.serious_harm: must be true or false", Assert.Single(result.Errors));
    }
}
