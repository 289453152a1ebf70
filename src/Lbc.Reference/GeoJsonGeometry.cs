using System.Text.Json;
using Lbc.Domain.Regions;

namespace Lbc.Reference;

/// <summary>Reads GeoJSON geometries (RFC 7946 positions: [lon, lat]) into the domain's geometry types.</summary>
public static class GeoJsonGeometry
{
    /// <summary>Reads a Polygon or MultiPolygon geometry object.</summary>
    /// <exception cref="InvalidDataException">The geometry is of another type or malformed.</exception>
    public static MultiPolygon ReadArea(JsonElement geometry)
    {
        var type = TypeOf(geometry);
        var coordinates = Coordinates(geometry);
        return type switch
        {
            "Polygon" => new MultiPolygon(ReadPolygon(coordinates)),
            "MultiPolygon" => new MultiPolygon([.. coordinates.EnumerateArray().Select(ReadPolygon)]),
            _ => throw new InvalidDataException($"Expected a Polygon or MultiPolygon geometry, found '{type}'."),
        };
    }

    /// <summary>Reads a Point geometry object.</summary>
    public static GeoPoint ReadPoint(JsonElement geometry)
    {
        var type = TypeOf(geometry);
        if (type != "Point")
            throw new InvalidDataException($"Expected a Point geometry, found '{type}'.");
        return ReadPosition(Coordinates(geometry));
    }

    /// <summary>The geometry's "type" member, or null when absent.</summary>
    public static string? TypeOf(JsonElement geometry) =>
        geometry.ValueKind == JsonValueKind.Object && geometry.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    public static GeoPoint ReadPosition(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
            throw new InvalidDataException("A GeoJSON position must be an array [lon, lat].");
        return new GeoPoint(position[0].GetDouble(), position[1].GetDouble());
    }

    private static Polygon ReadPolygon(JsonElement rings) =>
        new([.. rings.EnumerateArray().Select(ring => (IReadOnlyList<GeoPoint>)[.. ring.EnumerateArray().Select(ReadPosition)])]);

    private static JsonElement Coordinates(JsonElement geometry) =>
        geometry.ValueKind == JsonValueKind.Object && geometry.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array
            ? c
            : throw new InvalidDataException("A GeoJSON geometry needs a 'coordinates' array.");
}
