using System.Security.Cryptography;
using Lbc.Domain.Regions;
using Lbc.Ledger.Validation;
using Lbc.Server.Ledger;
using Lbc.Server.PersonalData;

namespace Lbc.Server.Hosting;

/// <summary>The township ledger import (docs/ledger-import.md): validator, the previews kept per user, the commit runner.</summary>
public static class LedgerWiring
{
    public static IServiceCollection AddLedgerImport(this IServiceCollection services)
    {
        services.AddSingleton(sp => new LedgerValidator(sp.GetRequiredService<RegionCatalog>(), StaffIdsOf(sp.GetRequiredService<MasterKeySource>())));
        services.AddSingleton<LedgerImportStore>();
        services.AddSingleton<LedgerCommitRunner>();
        return services;
    }

    /// <summary>
    /// Teacher and visitor ids keyed by a secret derived from the personal-data master key: an unkeyed hash of a name could
    /// be reversed by anyone with the county's staff list. Without a master key (Redis without one) the ledger cannot be
    /// committed anyway (nothing personal is sealed), so the unkeyed ids only ever reach a preview.
    /// </summary>
    private static StaffIds StaffIdsOf(MasterKeySource master) =>
        master.Key is { } key ? new StaffIds(HMACSHA256.HashData(key.Bytes, "lbc ledger staff ids"u8)) : StaffIds.Unkeyed;
}
