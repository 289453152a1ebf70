namespace Lbc.Web.Resources;

/// <summary>Marker type for <c>IStringLocalizer&lt;Strings&gt;</c>: Strings.resx (zh-CN, neutral) and Strings.en.resx.</summary>
public sealed class Strings;
