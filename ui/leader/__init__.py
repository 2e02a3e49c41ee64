"""The leader's read-only views: the overview of a period (``overview``, its charts in ``charts``) and the
drill-down into one OPD (``opd_detail``).

Every number comes from ``services.overview`` and ``services.trend`` (which take it from ``scoring``); these modules
only arrange, format (Indonesian decimals, WIT dates) and colour them with the zones of the period's catalog. The
"Lensa layanan digital" toggle asks the service for the same views restricted to leaves tagged ``digital``.
"""
