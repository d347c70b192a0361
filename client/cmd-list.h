/* Every command of `ejournal COMMAND` / `ssh host COMMAND`, in the order `help` lists them.
 * One line per command; the definition lives in client/cmd-<family>.c. */
CMD(help)
CMD(whoami)
CMD(journal)
CMD(pupils)
CMD(report)
CMD(keys)
CMD(sessions)
