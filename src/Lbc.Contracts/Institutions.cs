namespace Lbc.Contracts;

/// <summary>A place of care (救助管理站, 未成年人救助保护中心, 儿童福利机构, 临时庇护场所, 寄宿制学校) and its live capacity.</summary>
public sealed record InstitutionDto(
    string InstitutionId,
    string Name,
    string Kind,
    string RegionCode,
    double Lon,
    double Lat,
    int Capacity,
    int Occupied,
    int Reserved,
    bool Accepting,
    int StaffOnDuty)
{
    public int Free => Math.Max(0, Capacity - Occupied - Reserved);
}
