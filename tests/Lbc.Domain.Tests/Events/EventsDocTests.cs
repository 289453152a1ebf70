using System.Text.Json;
using System.Text.RegularExpressions;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.Regions;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Events;

/// <summary>docs/events.md is the producers' contract: every example in it must parse, and every type must have one.</summary>
public sealed partial class EventsDocTests
{
    private static readonly Lazy<string> _doc = new(() =>
        File.ReadAllText(Path.GetFullPath(Path.Combine(ReferencePaths.Directory, "..", "..", "docs", "events.md"))));

    [GeneratedRegex(@"```json\s*\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    private static List<string> Examples() => [.. JsonBlock().Matches(_doc.Value).Select(m => m.Groups[1].Value)];

    private static RawEvent ToRaw(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["id", "type", "v", "ts", "src", "data"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("data").ValueKind);
        return new RawEvent(root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!,
            root.GetProperty("v").GetInt32(), root.GetProperty("ts").GetString()!, root.GetProperty("src").GetString()!,
            root.GetProperty("data").GetRawText());
    }

    [Fact]
    public void Doc_EveryJsonExample_ParsesValid()
    {
        var examples = Examples();
        Assert.NotEmpty(examples);

        foreach (var json in examples)
        {
            var raw = ToRaw(json);
            Assert.True(EventTimestamps.TryParse(raw.Ts, out var ts), $"{raw.Id}: ts {raw.Ts}");
            var result = Geography.Parser.Parse(raw, ts.AddMinutes(1));
            Assert.True(result.IsValid, $"example {raw.Id} ({raw.Type}) does not parse: {result.Reason}");
            Assert.Contains("+08:00", raw.Ts, StringComparison.Ordinal); // examples show China time with its offset
        }
    }

    [Fact]
    public void Doc_EveryTypeInCatalog_HasExactlyOneExampleAndASection()
    {
        var types = Examples().Select(json => ToRaw(json).Type).ToList();

        foreach (var type in EventTypes.All)
        {
            Assert.True(types.Count(t => t == type) == 1, $"docs/events.md should have one example of {type}, has {types.Count(t => t == type)}");
            Assert.Contains($"### `{type}`", _doc.Value, StringComparison.Ordinal);
        }
        Assert.Equal(EventTypes.All.Count, types.Count);
    }

    [Fact]
    public void Doc_Examples_HaveDistinctIds()
    {
        var ids = Examples().Select(json => ToRaw(json).Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Doc_Examples_UseRealLiaoningCodes()
    {
        foreach (Match code in Regex.Matches(string.Join("\n", Examples()), "\"(?:village_code|township_code|region_code)\": \"(\\d+)\""))
        {
            Assert.True(Geography.Catalog.IsKnown(code.Groups[1].Value), $"{code.Groups[1].Value} is not in data/reference");
        }
    }

    [Theory]
    [InlineData("lbc:events")]
    [InlineData("lbc:events:dead")]
    [InlineData("64 KB")]
    [InlineData("Unknown fields are ignored")]
    [InlineData("Missing required fields are errors")]
    [InlineData("Idempotency by `id`")]
    public void Doc_Intro_StatesTheContract(string phrase)
    {
        Assert.Contains(phrase, _doc.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Doc_VocabularyWords_AreAllListed()
    {
        string[] words =
        [
            .. Lbc.Domain.Registry.RegistryVocabulary.Kinds.Words, .. Lbc.Domain.Registry.RegistryVocabulary.Guardians.Words,
            .. Lbc.Domain.Registry.RegistryVocabulary.ExitReasons.Words, .. Lbc.Domain.Registry.RegistryVocabulary.Findings.Words,
            .. Lbc.Domain.Cases.CaseVocabulary.Categories.Words, .. Lbc.Domain.Cases.CaseVocabulary.Reporters.Words,
            .. Lbc.Domain.Cases.CaseVocabulary.EscortDestinations.Words,
            .. Lbc.Domain.Care.CareVocabulary.InstitutionKinds.Words, .. Lbc.Domain.Care.CareVocabulary.RiskLevels.Words,
            .. Lbc.Domain.Care.CareVocabulary.Services.Words, .. Lbc.Domain.Care.CareVocabulary.Measures.Words,
            .. Lbc.Domain.Care.CareVocabulary.EndReasons.Words, Lbc.Domain.Care.CareVocabulary.SeriousHarmByGuardian,
            .. Lbc.Domain.Audit.AuditVocabulary.Actions.Words, .. Lbc.Domain.Audit.AuditVocabulary.Outcomes.Words,
            .. Lbc.Domain.Personal.PersonalVocabulary.AgeBands.Words,
        ];

        foreach (var word in words)
        {
            Assert.Contains($"`{word}`", _doc.Value, StringComparison.Ordinal);
        }
    }
}
