using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Events;

/// <summary>
/// An event read from the log keeps <c>data</c> as its UTF-8 bytes (issue 17): the parser must answer exactly as for the same
/// event given as text (ingest), valid or not, down to the content hash that tells a redelivery from a conflict.
/// </summary>
public sealed class Utf8DataParsingTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string> Payloads()
    {
        // The case's name first: xunit names a case by its arguments cut short, and the long payloads differ only at their end.
        var data = new TheoryData<string, string, string>();
        void Add(string type, string payload) => data.Add($"#{data.Count()} {type}", type, payload);
        foreach (var type in EventTypes.All)
        {
            Add(type, JsonSerializer.Serialize(SampleEvents.DataFor(type)));
        }
        var child = $$"""{"child_id":"c-1","village_code":"{{Geography.ShenyangVillage}}","birth_date":"2015-09-01","kind":"both_parents_away","guardian":"{0}"}""";
        foreach (var guardian in new[] { "entrusted", " entrusted ", "\\u0065ntrusted", "entrusted\\n", "nobody", "ENTRUSTED", "entrusted\u3000", "" })
        {
            Add(EventTypes.ChildRegistered, child.Replace("{0}", guardian, StringComparison.Ordinal));
        }
        Add(EventTypes.ChildRegistered, child.Replace("\"{0}\"", "3", StringComparison.Ordinal));
        Add(EventTypes.ChildRegistered, child.Replace("c-1", "小明-一号", StringComparison.Ordinal).Replace("{0}", "entrusted", StringComparison.Ordinal));
        Add(EventTypes.ChildRegistered, "{\"child_id\":");
        Add(EventTypes.ChildRegistered, "[1,2]");
        Add(EventTypes.ChildRegistered, "{\"child_id\":\"" + new string('x', RawEvent.MaxDataBytes) + "\"}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void FromBytes_SameAnswerAsFromText(string name, string type, string payload)
    {
        Assert.NotEmpty(name);
        var ts = EventTimestamps.Format(_now);
        var asText = new RawEvent("e-1", type, 1, ts, "test", payload);
        var asBytes = new RawEvent("e-1", type, 1, ts, "test", Encoding.UTF8.GetBytes(payload));

        var fromText = Geography.Parser.Parse(asText, _now);
        var fromBytes = Geography.Parser.Parse(asBytes, _now);

        Assert.Equal(fromText.Errors, fromBytes.Errors);
        Assert.Equal(fromText.IsValid, fromBytes.IsValid);
        if (fromText.Event is { } expected)
        {
            Assert.Equal(expected.Meta, fromBytes.Event!.Meta);
            Assert.Equal(JsonSerializer.Serialize<object>(expected), JsonSerializer.Serialize<object>(fromBytes.Event));
        }
        Assert.Equal(EventParser.ContentHashOf(asText), EventParser.ContentHashOf(asBytes));
        Assert.Equal(asText, asBytes);
        Assert.Equal(payload, asBytes.Data);
    }

    [Fact]
    public void InvalidUtf8_ReadAsTextWithReplacementCharacters_AsBefore()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"child_id":"c-1","village_code":"{{Geography.ShenyangVillage}}","birth_date":"2015-09-01","kind":"both_parents_away","guardian":"entrusted","note":"##"}""");
        var at = Array.IndexOf(bytes, (byte)'#');
        bytes[at] = 0xC3;   // a lead byte followed by '(': not UTF-8
        bytes[at + 1] = 0x28;
        var ts = EventTimestamps.Format(_now);
        var asBytes = new RawEvent("e-1", EventTypes.ChildRegistered, 1, ts, "test", bytes);
        var asText = new RawEvent("e-1", EventTypes.ChildRegistered, 1, ts, "test", Encoding.UTF8.GetString(bytes));

        var fromBytes = Geography.Parser.Parse(asBytes, _now);

        Assert.True(fromBytes.IsValid, fromBytes.Reason);
        Assert.Equal(Geography.Parser.Parse(asText, _now).Event!.Meta, fromBytes.Event!.Meta);
    }

    [Fact]
    public void TheRawUtf8OfAJsonString_IsQuoted_TheFastPathStripsTheQuotes()
    {
        using var document = JsonDocument.Parse("{\"k\":\"entrusted\"}");

        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement.GetProperty("k"));

        Assert.Equal("\"entrusted\"", Encoding.UTF8.GetString(raw));
    }
}

/// <summary>The date and timestamp fast paths (plain ASCII read from the document's bytes) decide as the general path does.</summary>
public sealed class DateFastPathTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-02T01:00:00Z", true)]
    [InlineData("2026-03-02T01:00:00.123Z", true)]
    [InlineData("2026-03-02T09:00:00+08:00", true)]
    [InlineData(" 2026-03-02T01:00:00Z ", true)]
    [InlineData("\\u0032026-03-02T01:00:00Z", true)]
    [InlineData("2026-03-02T01:00:00", false)]
    [InlineData("2026-02-30T01:00:00Z", false)]
    [InlineData("2026-03-02T01:00Z", true)]
    [InlineData("二〇二六", false)]
    public void VisitedAt(string visitedAt, bool valid)
    {
        var payload = $$"""{"child_id":"c-1","visited_at":"{{visitedAt}}","visitor_id":"v-1","finding":"ok"}""";
        var result = Geography.Parser.Parse(new RawEvent("e-1", EventTypes.VisitRecorded, 1, EventTimestamps.Format(_now), "test",
            System.Text.Encoding.UTF8.GetBytes(payload)), _now);

        Assert.Equal(valid, result.IsValid);
        if (valid)
        {
            var at = ((VisitRecorded)result.Event!).VisitedAt;
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)));
        }
        else
        {
            Assert.Contains(result.Errors, e => e.StartsWith("data.visited_at:", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("2015-09-01", true)]
    [InlineData(" 2015-09-01 ", true)]
    [InlineData("\\u0032015-09-01", true)]
    [InlineData("2015-9-1", false)]
    [InlineData("2015-02-29", false)]
    [InlineData("20150901", false)]
    public void BirthDate(string birthDate, bool valid)
    {
        var payload = $$"""{"child_id":"c-1","village_code":"{{Geography.ShenyangVillage}}","birth_date":"{{birthDate}}","kind":"both_parents_away","guardian":"entrusted"}""";
        var result = Geography.Parser.Parse(new RawEvent("e-1", EventTypes.ChildRegistered, 1, EventTimestamps.Format(_now), "test",
            System.Text.Encoding.UTF8.GetBytes(payload)), _now);

        Assert.Equal(valid, result.IsValid);
        if (valid)
        {
            Assert.Equal(new DateOnly(2015, 9, 1), ((ChildRegistered)result.Event!).BirthDate);
        }
        else
        {
            Assert.Contains(result.Errors, e => e.StartsWith("data.birth_date:", StringComparison.Ordinal));
        }
    }
}
