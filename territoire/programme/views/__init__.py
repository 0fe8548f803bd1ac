"""Pages of the programme, by area: the plan and its fiches, steering, governance, exports."""
