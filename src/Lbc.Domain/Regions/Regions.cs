namespace Lbc.Domain.Regions;

/// <summary>A province (2-digit code).</summary>
public sealed record Province(string Code, string Name);

/// <summary>
/// A prefecture-level city (4-digit code). <paramref name="Northwest"/> marks 辽西北, singled out by the policy
/// for economic support: 阜新 2109, 铁岭 2112, 朝阳 2113, 葫芦岛 2114. 锦州 2107 is only "parts of" 辽西北 in the
/// policy text and the parts are not named by code, so it is marked false rather than guessed.
/// </summary>
public sealed record City(string Code, string Name, bool Northwest);

/// <summary>A county or district (6-digit code) with the centre point the boundary source publishes.</summary>
public sealed record County(string Code, string Name, string CityCode, GeoPoint Centre);

/// <summary>
/// A township or street (9-digit code). <paramref name="Index"/> is the township's position in
/// <see cref="RegionCatalog.Townships"/>, so per-township state can live in plain arrays.
/// <paramref name="Approximate"/> is true when <paramref name="Point"/> is a generated point inside the county
/// rather than a real location loaded by the deployment.
/// </summary>
public sealed record Township(int Index, string Code, string Name, string CountyCode, GeoPoint Point, bool Approximate);

/// <summary>A village or residents' committee (12-digit code).</summary>
public sealed record Village(string Code, string Name, string TownshipCode);
