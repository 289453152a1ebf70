using System.Text;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.TestSupport;

/// <summary>
/// Made-up people for the personal-data tests: a name, phones and an address nobody else's test uses (random Chinese
/// characters and digits), so finding one in a file, a message or a log line can only mean this test's record leaked.
/// </summary>
public static class TestPersons
{
    /// <param name="birthDate">yyyy-MM-dd; by default a child of 9 (age band 6_to_11) whatever the year the tests run in.</param>
    public static PersonalForm New(string surname = "王", string? birthDate = null) => new(
        ChildName: surname + RandomHan(2),
        ChildBirthDate: birthDate ?? BornYearsAgo(9),
        GuardianName: "李" + RandomHan(2),
        GuardianPhone: "139" + RandomDigits(8),
        ReporterName: "张" + RandomHan(2),
        ReporterPhone: "0421-" + RandomDigits(7),
        Address: "朝阳县" + RandomHan(3) + "村" + RandomDigits(3) + "号");

    /// <summary>A birth date <paramref name="years"/> years and a month ago (never on a birthday boundary).</summary>
    public static string BornYearsAgo(int years) =>
        DateTime.UtcNow.AddYears(-years).AddMonths(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every value of the record that identifies someone (the birth date alone is shared by many and is left out).</summary>
    public static IReadOnlyList<string> SecretsOf(PersonalForm p) =>
        [p.ChildName!, p.ChildName![1..], p.GuardianName!, p.GuardianPhone!, p.ReporterName!, p.ReporterPhone!, p.Address!];

    /// <summary>The ways a text can sit in a file or message: UTF-8, UTF-16, and JSON-escaped (either case of hex digits).</summary>
    public static IEnumerable<byte[]> Encodings(string value)
    {
        yield return Encoding.UTF8.GetBytes(value);
        yield return Encoding.Unicode.GetBytes(value);
        var escaped = JsonEncodedText.Encode(value).ToString();
        if (escaped != value)
        {
            yield return Encoding.UTF8.GetBytes(escaped);
            yield return Encoding.UTF8.GetBytes(escaped.ToLowerInvariant());
        }
    }

    /// <summary>Fails naming the place (never the value) when any secret is in <paramref name="bytes"/>.</summary>
    public static void AssertAbsent(ReadOnlySpan<byte> bytes, IReadOnlyList<string> secrets, string where)
    {
        for (var i = 0; i < secrets.Count; i++)
        {
            foreach (var form in Encodings(secrets[i]))
            {
                Assert.True(bytes.IndexOf(form) < 0, $"{where} holds personal value #{i}");
            }
        }
    }

    private static string RandomHan(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)));

    private static string RandomDigits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + Random.Shared.Next(10))));
}
