using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Demo;

namespace RuralLedger.Web.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInCommands handler, IConfiguration configuration) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "请输入用户名。")]
    [Display(Name = "用户名")]
    public string UserName { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "请输入密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "密码")]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool ShowDemoAccounts => configuration.GetValue("Demo:ShowAccounts", false);

    public string DemoPassword => DemoLoader.DemoPassword;

    public void OnGet() => ViewData["Title"] = "登录";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ViewData["Title"] = "登录";
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (result, _) = await handler.SignInAsync(HttpContext, UserName, Password, ct);
        switch (result)
        {
            case SignInOutcome.Success:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.MustChangePassword:
                return RedirectToPage("/Account/ChangePassword");
            default:
                ModelState.AddModelError(string.Empty, SignInCommands.Message(result));
                return Page();
        }
    }
}
