namespace Lbc.Domain.Regions;

/// <summary>A plain WGS-84-style lon/lat pair in degrees (the sources give no datum; treated as planar at province scale).</summary>
public readonly record struct GeoPoint(double Lon, double Lat);
