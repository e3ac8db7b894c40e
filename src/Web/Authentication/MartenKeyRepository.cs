using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace EMage.Web.Authentication;

/// <summary>A data-protection key as stored in PostgreSQL.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// Keeps the data-protection keys (which protect the session cookies) in the database, so that every
/// node sharing it accepts the same cookies and a restart signs nobody out.
/// </summary>
public sealed class MartenKeyRepository(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        // IXmlRepository is synchronous; a key is written about once every 90 days.
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
