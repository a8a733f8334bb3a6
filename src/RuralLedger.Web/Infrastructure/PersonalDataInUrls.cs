using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// A full citizen ID in a URL lands in browser history, proxy access logs and Referer headers: any request whose query
/// string carries one is refused with a 400 before any work (issue #12). Programs send identifiers in request bodies
/// (POST /api/people/search); the pages' search forms post them and keep them out of the redirect (decision 0030).
/// </summary>
internal static class PersonalDataInUrls
{
    public const string Code = "request.personal_data_in_url";

    public static IApplicationBuilder UseNoPersonalDataInUrls(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.QueryString.HasValue
            && http.Request.Query.Any(q => q.Value.Any(v => SearchText.IsCitizenId(SearchText.Identifier(v)))))
        {
            throw new DomainException(Code, "身份证号不能放在网址中：页面请用搜索框提交，程序请用 POST /api/people/search 在请求体中发送。");
        }
        await next();
    });

    /// <summary>Whether a search term must not go back into a URL.</summary>
    public static bool MustNotAppearInUrl(string? term) => SearchText.IsCitizenId(SearchText.Identifier(term));
}
