using System.Globalization;
using Lbc.Domain.Events;

namespace Lbc.Domain.Tests.Events;

/// <summary>
/// The fast timestamp and date paths must read exactly what the framework's parsers read: a different instant
/// would put a visit on the wrong day, and a widened format would let through what producers were told is invalid.
/// </summary>
public sealed class EventTimestampsTests
{
    public static TheoryData<string> Timestamps => new()
    {
        "2026-11-29T08:00:00Z", "2026-11-29T08:00:00z", "2026-11-29T08:00:00.123Z", "2026-11-29T08:00:00.1234567Z",
        "2026-11-29T08:00:00.1Z", "2026-11-29T08:00:00+08:00", "2026-11-29T00:30:00+08:00", "2026-03-01T01:00:00.5-05:30",
        "2024-02-29T23:59:59.999+14:00", "2026-11-29T08:00:00-14:00",
        // Not the canonical shape, or invalid: the general parser decides.
        "2026-11-29T08:00:00", "2026-11-29 08:00:00Z", "2026-11-29T08:00Z", "2026-11-29T08:00:00.12345678Z",
        "2026-11-29T08:00:00.Z", "2025-02-29T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-31T08:00:00Z",
        "2026-11-29T24:00:00Z", "2026-11-29T08:60:00Z", "2026-11-29T08:00:60Z", "2026-11-29T08:00:00+15:00",
        "2026-11-29T08:00:00+08:60", "2026-11-29T08:00:00+0800", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
        "2026-11-29t08:00:00Z", "２０２６-11-29T08:00:00Z", "2026-11-29T08:00:00ZZ", "",
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void TryParse_ReadsWhatTheGeneralParserReads(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        var expected = default(DateTimeOffset);
        var expectedOk = hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out expected);

        var ok = EventTimestamps.TryParse(text, out var value);

        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(expected.UtcTicks, value.UtcTicks);
            Assert.Equal(TimeSpan.Zero, value.Offset);
        }
    }

    [Theory]
    [InlineData("2015-06-01")]
    [InlineData("2016-02-29")]
    [InlineData("2015-02-29")]
    [InlineData("2015-6-1")]
    [InlineData("2015-06-31")]
    [InlineData("15-06-01")]
    [InlineData("2015/06/01")]
    [InlineData("0000-01-01")]
    public void BirthDates_ReadAsTheExactFormatReadsThem(string text)
    {
        var expectedOk = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);

        var ok = IsoText.TryParseDate(text, out var date);

        // The fast path may decline (the exact parser then decides) but never accepts something else.
        if (ok)
        {
            Assert.True(expectedOk);
            Assert.Equal(expected, date);
        }
        else
        {
            Assert.False(expectedOk, $"{text} is a valid date the fast path should read");
        }
    }
}
