// Copy-link button of the hub's share bar: copy the tracked URL instead of following the link.
// Without JavaScript or the Clipboard API the button stays a plain link to the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-hub-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.closest(".hub-share").querySelector(".hub-share__status");
  navigator.clipboard.writeText(link.href).then(() => {
    if (status) status.textContent = status.dataset.hubCopied;
  }, () => { window.location.href = link.href; });
});
