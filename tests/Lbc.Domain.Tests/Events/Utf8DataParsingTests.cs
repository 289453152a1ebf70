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

    public static TheoryData<string, string> Payloads()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in EventTypes.All)
        {
            data.Add(type, JsonSerializer.Serialize(SampleEvents.DataFor(type)));
        }
        var child = $$"""{"child_id":"c-1","village_code":"{{Geography.ShenyangVillage}}","birth_date":"2015-09-01","kind":"both_parents_away","guardian":"{0}"}""";
        foreach (var guardian in new[] { "entrusted", " entrusted ", "\\u0065ntrusted", "entrusted\\n", "nobody", "ENTRUSTED", "entrusted\u3000", "" })
        {
            data.Add(EventTypes.ChildRegistered, child.Replace("{0}", guardian, StringComparison.Ordinal));
        }
        data.Add(EventTypes.ChildRegistered, child.Replace("\"{0}\"", "3", StringComparison.Ordinal));
        data.Add(EventTypes.ChildRegistered, child.Replace("c-1", "小明-一号", StringComparison.Ordinal).Replace("{0}", "entrusted", StringComparison.Ordinal));
        data.Add(EventTypes.ChildRegistered, "{\"child_id\":");
        data.Add(EventTypes.ChildRegistered, "[1,2]");
        data.Add(EventTypes.ChildRegistered, "{\"child_id\":\"" + new string('x', RawEvent.MaxDataBytes) + "\"}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void FromBytes_SameAnswerAsFromText(string type, string payload)
    {
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
