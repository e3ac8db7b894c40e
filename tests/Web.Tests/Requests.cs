using System.Text.Json.Nodes;

namespace EMage.Web.Tests;

public static class Requests
{
    /// <summary>A GraphQL request body, as any client sends it.</summary>
    public static StringContent Json(string query, object variables) =>
        new(new JsonObject { ["query"] = query, ["variables"] = System.Text.Json.JsonSerializer.SerializeToNode(variables) }.ToJsonString(),
            System.Text.Encoding.UTF8, "application/json");
}
